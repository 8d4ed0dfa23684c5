using System.Collections.Concurrent;
using Feedback.Core.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Serving;

/// <summary>This node's view of where model aliases point, so that serving reads no alias per request.</summary>
/// <remarks>
/// <para>The guarantee: a request that starts more than <see cref="ServingOptions.AliasStaleness"/> after an alias move
/// committed (on any node, or through the CLI) is served by the new target. On the node that made the move it holds at
/// once. It rests on <see cref="AliasChangeListener"/>, which reads the alias history's newest id every half bound and
/// calls <see cref="Confirm"/> with the time the read began: a cached target is used only while such a confirmation is
/// younger than the bound, so every move committed before it began has either changed the id (and emptied the cache)
/// or was already read. When the listener falls behind (a slow or lost database connection), requests read the alias
/// from the database again instead of trusting the cache. On PostgreSQL the move's <c>NOTIFY</c> usually empties the
/// cache within milliseconds; the periodic check is what bounds the worst case.</para>
/// <para>Entries are stamped with the generation current before their read: an invalidation that happens while a read
/// is in flight makes that read's entry unusable, so an answer read before a move can never outlive the move's
/// invalidation.</para>
/// </remarks>
public sealed class AliasCache(IServiceScopeFactory scopes, ModelAliasChanges localMoves, IOptions<ServingOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(long ModelId, string Alias), Entry> _entries = new();
    private long _generation;
    private long _confirmedAt = long.MinValue;
    private long _stamp = -1;
    private long _reads;

    /// <summary>How many alias reads went to the database (misses and reads while unconfirmed), for tests and metrics.</summary>
    public long DatabaseReads => Interlocked.Read(ref _reads);

    /// <summary>True while the last confirmation is younger than the staleness bound, i.e. while cached targets are used.</summary>
    public bool IsConfirmed
    {
        get
        {
            var confirmedAt = Interlocked.Read(ref _confirmedAt);
            return confirmedAt != long.MinValue && timeProvider.GetElapsedTime(confirmedAt) < options.Value.AliasStaleness;
        }
    }

    /// <summary>The version <paramref name="alias"/> of the model points at, or null when it points nowhere.</summary>
    public async ValueTask<int?> VersionAsync(long modelId, string alias, CancellationToken cancellationToken)
    {
        var key = (modelId, alias);
        // Both read before the database: an invalidation from here on makes the entry written below unusable.
        var generation = Interlocked.Read(ref _generation);
        var moves = localMoves.Count;
        if (IsConfirmed && _entries.TryGetValue(key, out var cached) && cached.Generation == generation && cached.LocalMoves == moves)
        {
            return cached.Version;
        }

        Interlocked.Increment(ref _reads);
        int? version;
        await using (var scope = scopes.CreateAsyncScope())
        {
            version = await scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>().AliasVersionAsync(modelId, alias, cancellationToken);
        }

        _entries[key] = new Entry(version, generation, moves);
        return version;
    }

    /// <summary>Drops every cached target: an alias moved somewhere, or the node lost track of the database.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>Records a periodic check: <paramref name="stamp"/> (the alias history's newest id) was read by a query
    /// that began at <paramref name="startedAt"/> (a <see cref="TimeProvider.GetTimestamp"/> value). A changed stamp
    /// empties the cache first; either way, every move committed before <paramref name="startedAt"/> is now reflected.</summary>
    public void Confirm(long stamp, long startedAt)
    {
        if (Interlocked.Exchange(ref _stamp, stamp) != stamp)
        {
            Invalidate();
        }

        Interlocked.Exchange(ref _confirmedAt, startedAt);
    }

    private sealed record Entry(int? Version, long Generation, long LocalMoves);
}
