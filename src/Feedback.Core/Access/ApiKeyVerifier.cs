using System.Collections.Concurrent;
using System.Security.Cryptography;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Access;

/// <summary>Checks presented API keys. Stored keys are cached for <see cref="TimeToLive"/>, so the hot path does one
/// SHA-256 and no database read; a revocation on another node takes effect within that time.</summary>
public sealed class ApiKeyVerifier(IServiceScopeFactory scopes, TimeProvider timeProvider)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <returns>The caller, or null when the key is malformed, unknown, revoked or wrong.</returns>
    public async Task<Caller?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (!presented.StartsWith(ApiKeyIssuer.Prefix, StringComparison.Ordinal) || presented.Length > 128)
        {
            return null;
        }

        var separator = presented.IndexOf('_', ApiKeyIssuer.Prefix.Length);
        if (separator <= ApiKeyIssuer.Prefix.Length)
        {
            return null;
        }

        var id = presented[ApiKeyIssuer.Prefix.Length..separator];
        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(presented[(separator + 1)..]));
        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(id, out var entry) || now - entry.LoadedAt >= TimeToLive)
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
            var key = await context.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
            entry = new Entry(key, now);
            _cache[id] = entry;
        }

        if (entry.Key is not { RevokedAt: null } stored || !CryptographicOperations.FixedTimeEquals(hash, stored.SecretHash))
        {
            return null;
        }

        return entry.Caller ??= new Caller(stored.Id, stored.Source, stored.Scopes, stored.Models?.ToHashSet(StringComparer.Ordinal));
    }

    public void Forget(string id) => _cache.TryRemove(id, out _);

    private sealed record Entry(ApiKey? Key, DateTimeOffset LoadedAt)
    {
        public Caller? Caller { get; set; }
    }
}
