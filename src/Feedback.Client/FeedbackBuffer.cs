using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Client;

/// <summary>Batches feedback in the background: events are queued in memory (bounded) and sent in batches of up to
/// <see cref="FeedbackClientOptions.MaxBatchSize"/> at least every <see cref="FeedbackClientOptions.FlushInterval"/>.
/// Transient failures are retried by the resilient HTTP client; a batch the server refuses (4xx) is logged and dropped,
/// since sending it again cannot succeed. Disposing flushes what is queued.</summary>
public sealed partial class FeedbackBuffer : IAsyncDisposable
{
    private readonly FeedbackClient _client;
    private readonly FeedbackClientOptions _options;
    private readonly ILogger<FeedbackBuffer> _logger;
    private readonly Channel<FeedbackEvent> _queue;
    private readonly Task _pump;
    private readonly CancellationTokenSource _stopping = new();
    private long _sent;
    private long _refused;

    public FeedbackBuffer(FeedbackClient client, IOptions<FeedbackClientOptions> options, ILogger<FeedbackBuffer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<FeedbackEvent>(new BoundedChannelOptions(_options.MaxBufferedEvents)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Events the server acknowledged.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Events in batches the server refused (logged with its reason).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Queues an event; waits while the buffer is full.</summary>
    public ValueTask EnqueueAsync(FeedbackEvent feedback, CancellationToken cancellationToken = default) =>
        _queue.Writer.WriteAsync(feedback, cancellationToken);

    /// <summary>Queues an event unless the buffer is full.</summary>
    public bool TryEnqueue(FeedbackEvent feedback) => _queue.Writer.TryWrite(feedback);

    /// <summary>Stops taking events, sends everything queued and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        var batch = new List<FeedbackEvent>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Wait up to the flush interval for a full batch, then send what there is.
            using var window = new CancellationTokenSource(_options.FlushInterval);
            try
            {
                while (batch.Count < _options.MaxBatchSize)
                {
                    if (reader.TryRead(out var next))
                    {
                        batch.Add(next);
                    }
                    else if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                // The interval passed: send the partial batch.
            }

            await SendAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task SendAsync(List<FeedbackEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var result = await _client.SendFeedbackAsync([.. batch]).ConfigureAwait(false);
            Interlocked.Add(ref _sent, result.Created + result.Duplicates);
        }
        catch (Exception exception) when (exception is FeedbackApiException or HttpRequestException or TaskCanceledException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            Interlocked.Add(ref _refused, batch.Count);
            Log.BatchRefused(_logger, batch.Count, exception.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped a batch of {Count} feedback events after retries: {Reason}")]
        public static partial void BatchRefused(ILogger logger, int count, string reason);
    }
}
