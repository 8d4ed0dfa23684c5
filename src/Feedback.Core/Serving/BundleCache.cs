using System.Collections.Concurrent;
using System.Diagnostics;
using Feedback.Core.Models;
using Feedback.Ml.Bundles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Serving;

/// <summary>This node's loaded model bundles, keyed by (model id, version). A version's bundle never changes, so it is
/// read from the registry and deserialised once, however many requests ask for it at the same time.</summary>
/// <remarks>Memory is bounded by <see cref="ServingOptions.BundleCacheBytes"/> (serialised size, a fair proxy for the
/// loaded size): past it, the least recently used bundles are unloaded. After a push that is the old version, once
/// its last in-flight request has finished with it (a request holds its own reference, so eviction never fails one).</remarks>
public sealed partial class BundleCache(IServiceScopeFactory scopes, IOptions<ServingOptions> options, ILogger<BundleCache> logger)
{
    private readonly ConcurrentDictionary<(long ModelId, int Version), Entry> _entries = new();
    private readonly Lock _trimLock = new();
    private long _bytes;
    private long _clock;

    /// <summary>Serialised size of the bundles loaded now.</summary>
    public long LoadedBytes => Interlocked.Read(ref _bytes);

    /// <summary>The (model id, version) pairs loaded now, for diagnostics and tests.</summary>
    public IReadOnlyCollection<(long ModelId, int Version)> Loaded =>
        _entries.Where(e => e.Value.Load.IsCompletedSuccessfully).Select(e => e.Key).ToList();

    /// <summary>The bundle of a version, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The registry has no such version.</exception>
    public async ValueTask<ModelBundle> GetAsync(long modelId, int version, CancellationToken cancellationToken)
    {
        var key = (modelId, version);
        if (_entries.TryGetValue(key, out var entry) && entry.Load.IsCompletedSuccessfully)
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            return entry.Load.Result;
        }

        var created = new Entry();
        entry = _entries.GetOrAdd(key, created);
        if (ReferenceEquals(entry, created))
        {
            // Not bound to this caller's token: other requests may be waiting on the same load.
            await LoadAsync(key, created);
        }

        entry.LastUsed = Interlocked.Increment(ref _clock);
        return await entry.Load.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync((long ModelId, int Version) key, Entry entry)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            byte[]? bytes;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
                bytes = await registry.BundleAsync(key.ModelId, key.Version, CancellationToken.None);
            }

            if (bytes is null)
            {
                throw new InvalidOperationException($"Model {key.ModelId} has no version {key.Version} in the registry.");
            }

            using var stream = new MemoryStream(bytes, writable: false);
            var bundle = ModelBundle.Load(stream);
            entry.Bytes = bytes.Length;
            Interlocked.Add(ref _bytes, bytes.Length);
            Log.Loaded(logger, key.ModelId, key.Version, bytes.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Trim(key);
            entry.Completion.SetResult(bundle);
        }
        catch (Exception exception)
        {
            // Forget the failure so that the next request tries again; the waiting requests fail with it.
            _entries.TryRemove(new KeyValuePair<(long, int), Entry>(key, entry));
            entry.Completion.SetException(exception);
        }
    }

    /// <summary>Unloads least recently used bundles until the loaded size fits, never the one just loaded.</summary>
    private void Trim((long ModelId, int Version) keep)
    {
        var budget = options.Value.BundleCacheBytes;
        if (Interlocked.Read(ref _bytes) <= budget)
        {
            return;
        }

        lock (_trimLock)
        {
            var candidates = _entries
                .Where(e => e.Key != keep && e.Value.Bytes > 0)
                .OrderBy(e => e.Value.LastUsed)
                .ToList();
            foreach (var (key, entry) in candidates)
            {
                if (Interlocked.Read(ref _bytes) <= budget)
                {
                    break;
                }

                if (_entries.TryRemove(new KeyValuePair<(long, int), Entry>(key, entry)))
                {
                    Interlocked.Add(ref _bytes, -entry.Bytes);
                    Log.Evicted(logger, key.ModelId, key.Version, entry.Bytes);
                }
            }
        }
    }

    private sealed class Entry
    {
        public TaskCompletionSource<ModelBundle> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ModelBundle> Load => Completion.Task;

        public long Bytes { get; set; }

        public long LastUsed { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Information, "Loaded model {ModelId} version {Version} ({Bytes} bytes) in {Milliseconds:F1} ms")]
        public static partial void Loaded(ILogger logger, long modelId, int version, long bytes, double milliseconds);

        [LoggerMessage(501, LogLevel.Information, "Unloaded model {ModelId} version {Version} ({Bytes} bytes): the bundle cache is full")]
        public static partial void Evicted(ILogger logger, long modelId, int version, long bytes);
    }
}
