using System.Threading.Channels;
using Feedback.Core.Errors;
using Feedback.Core.Predictions;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Feedback.Core.Serving;

/// <summary>Group commit for the serving path's registry write: concurrent requests' predictions go to the database in
/// one short transaction, and each request is answered only once its rows are committed.</summary>
/// <remarks>
/// <para>A writer takes every request waiting in the queue (up to <see cref="ServingOptions.MaxRowsPerCommit"/>
/// rows), commits them as one batch (on PostgreSQL, a batch of several rows is one binary <c>COPY</c>), and completes
/// their requests; <see cref="Writers"/> writers do so side by side. The batch forms from the requests that arrived
/// while the previous commits ran, so a lone request waits for nothing but its own commit; under load many requests
/// share one transaction (and one fsync). <see cref="ServingOptions.CommitWindow"/> can add a wait for more.</para>
/// <para>The queue holds at most <see cref="ServingOptions.CommitQueueCapacity"/> requests; past that a request is
/// refused with <see cref="ServiceBusyException"/> (503 with <c>Retry-After</c>) before anything of it is stored.</para>
/// <para>When a batch fails, each of its requests is retried alone, so a failure fails exactly the requests it
/// concerns and never one outside the batch. Rows are keyed by their tracking IDs and content hashes, so a retry of a
/// batch whose commit did land (an ambiguous failure) finds them as duplicates: stored once, and acknowledged.</para>
/// </remarks>
public sealed partial class PredictionCommitter : IAsyncDisposable
{
    private readonly IIngestionStore _store;
    private readonly NpgsqlDataSource? _copyTarget;
    private readonly ServingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PredictionCommitter> _logger;
    private readonly Channel<PendingCommit> _queue;
    private readonly Lazy<Task> _writer;
    private long _accepted;
    private long _batches;

    public PredictionCommitter(IIngestionStore store, ConfiguredDatabase database, IOptions<ServingOptions> options, TimeProvider timeProvider, ILogger<PredictionCommitter> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _copyTarget = database.Provider == DatabaseProvider.PostgreSql ? database.DataSource : null;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        // SQLite has one writer per file: more writers would only queue on its write gate.
        Writers = database.Provider == DatabaseProvider.PostgreSql ? _options.CommitWriters : 1;
        _queue = Channel.CreateBounded<PendingCommit>(new BoundedChannelOptions(_options.CommitQueueCapacity)
        {
            SingleReader = Writers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Started on first use, not by the host: the committer works wherever ModelServer is resolved.
        _writer = new Lazy<Task>(
            () => Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync))),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How many batches may be committing at once: <see cref="ServingOptions.CommitWriters"/> on PostgreSQL
    /// (whose own WAL flushes then overlap), 1 on SQLite.</summary>
    public int Writers { get; }

    /// <summary>Requests accepted into the queue so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Transactions committed so far (each holds one or more requests' rows).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Commits <paramref name="rows"/> (one request's predictions) with the requests queued beside it and
    /// returns once they are committed.</summary>
    /// <exception cref="ServiceBusyException">The queue is full; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException">A row's tracking ID was already recorded with other content; nothing
    /// of this request was stored.</exception>
    public async Task CommitAsync(IReadOnlyList<Prediction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _ = _writer.Value;
        var pending = new PendingCommit(rows);
        if (!_queue.Writer.TryWrite(pending))
        {
            var seconds = (int)Math.Ceiling(_options.RetryAfter.TotalSeconds);
            throw new ServiceBusyException(
                $"The prediction registry is at capacity ({_options.CommitQueueCapacity} requests waiting to commit); nothing was stored. Retry after {seconds} s.",
                _options.RetryAfter);
        }

        Interlocked.Increment(ref _accepted);
        // The caller may stop waiting (a disconnect); its rows are committed or not with their batch, never half.
        await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting requests and commits those already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingCommit>();
        var rows = new List<Prediction>();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            rows.Clear();
            Gather(reader, batch, rows);
            if (batch.Count == 0)
            {
                continue; // another writer took it
            }

            if (_options.CommitWindow > TimeSpan.Zero && rows.Count < _options.MaxRowsPerCommit)
            {
                await Task.Delay(_options.CommitWindow, _timeProvider);
                Gather(reader, batch, rows);
            }

            await CommitBatchAsync(batch, rows);
        }
    }

    private void Gather(ChannelReader<PendingCommit> reader, List<PendingCommit> batch, List<Prediction> rows)
    {
        // At least one request, however large: a request is never split across transactions.
        while ((batch.Count == 0 || rows.Count < _options.MaxRowsPerCommit) && reader.TryRead(out var pending))
        {
            batch.Add(pending);
            rows.AddRange(pending.Rows);
        }
    }

    private async Task CommitBatchAsync(List<PendingCommit> batch, List<Prediction> rows)
    {
        // Several rows on PostgreSQL: one binary COPY. Otherwise the store's idempotent insert.
        var copy = _copyTarget is not null && rows.Count > 1;
        if (batch.Count == 1 && !copy)
        {
            await CommitAloneAsync(batch[0]);
            return;
        }

        try
        {
            var committed = true;
            if (copy)
            {
                await PredictionCopy.WriteAsync(_copyTarget!, rows, CancellationToken.None);
            }
            else
            {
                committed = (await _store.InsertPredictionsAsync(rows, CancellationToken.None)).Committed;
            }

            if (committed)
            {
                Interlocked.Increment(ref _batches);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult();
                }

                return;
            }
        }
#pragma warning disable CA1031 // Any failure of the batch is retried request by request, which reports it to exactly its requests.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.BatchFailed(_logger, batch.Count, rows.Count, exception);
        }

        foreach (var pending in batch)
        {
            await CommitAloneAsync(pending);
        }
    }

    private async Task CommitAloneAsync(PendingCommit pending)
    {
        try
        {
            var outcome = await _store.InsertPredictionsAsync(pending.Rows, CancellationToken.None);
            if (outcome.Committed)
            {
                Interlocked.Increment(ref _batches);
                pending.Completion.TrySetResult();
            }
            else
            {
                // Fresh UUIDv7s cannot collide with stored tracking IDs short of a broken clock or generator.
                pending.Completion.TrySetException(new InvalidOperationException("A server-generated tracking ID was already recorded; nothing from this request was stored."));
            }
        }
#pragma warning disable CA1031 // The request that waits on it rethrows it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            pending.Completion.TrySetException(exception);
        }
    }

    private sealed class PendingCommit(IReadOnlyList<Prediction> rows)
    {
        public IReadOnlyList<Prediction> Rows { get; } = rows;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(520, LogLevel.Warning, "A group commit of {Requests} requests ({Rows} predictions) failed; committing each request alone")]
        public static partial void BatchFailed(ILogger logger, int requests, int rows, Exception exception);
    }
}
