using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Models;

/// <summary>A model's id and current definition, as the ingestion hot path needs it.</summary>
public sealed record ModelSnapshot(long Id, int Revision, ModelDefinition Definition);

/// <summary>Keeps current model definitions in memory so ingestion does not read them per request.</summary>
/// <remarks>Edits made through this node invalidate at once; edits made on another node are seen after
/// <see cref="TimeToLive"/>.</remarks>
public sealed class ModelDefinitionCache(IServiceScopeFactory scopes, TimeProvider timeProvider)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, string> _nameById = new();

    public async Task<ModelSnapshot?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (_byName.TryGetValue(name, out var entry) && timeProvider.GetUtcNow() - entry.LoadedAt < TimeToLive)
        {
            return entry.Snapshot;
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<Storage.FeedbackDbContext>();
        var row = await context.Models.Where(m => m.Name == name)
            .Select(m => new { m.Id, m.CurrentRevision, m.Definition })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            _byName.TryRemove(name, out _);
            return null;
        }

        var snapshot = new ModelSnapshot(row.Id, row.CurrentRevision, ModelDefinitionReader.FromStored(row.Definition));
        _byName[name] = new Entry(snapshot, timeProvider.GetUtcNow());
        _nameById[row.Id] = name;
        return snapshot;
    }

    public async Task<ModelSnapshot?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        if (!_nameById.TryGetValue(id, out var name))
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<Storage.FeedbackDbContext>();
            name = await context.Models.Where(m => m.Id == id).Select(m => m.Name).SingleOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                return null;
            }

            _nameById[id] = name;
        }

        return await FindAsync(name, cancellationToken);
    }

    public void Invalidate(string name) => _byName.TryRemove(name, out _);

    private sealed record Entry(ModelSnapshot Snapshot, DateTimeOffset LoadedAt);
}
