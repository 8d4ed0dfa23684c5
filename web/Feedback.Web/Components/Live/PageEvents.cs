using System.Threading.Channels;
using Feedback.Pipeline.Events;

namespace Feedback.Web.Components.Live;

/// <summary>Pipeline events of this node's event bus (run transitions; approvals opened by a run's approval step or
/// decided through the API, a page or by expiry) handed to open pages. In-process: a page sees what happens on the node
/// that serves it.</summary>
internal sealed partial class PageEvents(PipelineEventBus bus, ILogger<PageEvents> logger)
{
    /// <summary>Calls <paramref name="onChange"/> for every event of type <typeparamref name="TEvent"/> until the returned
    /// handle is disposed. Components pass a callback that goes through their <c>InvokeAsync</c>.</summary>
    public IDisposable Subscribe<TEvent>(Func<TEvent, Task> onChange)
        where TEvent : PipelineEvent
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var subscription = bus.Subscribe(capacity: 1_000);
        var stop = new CancellationTokenSource();
        _ = PumpAsync(subscription.Reader, onChange, stop.Token);
        return new Handle(subscription, stop);
    }

    private async Task PumpAsync<TEvent>(ChannelReader<PipelineEvent> reader, Func<TEvent, Task> onChange, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pipelineEvent in reader.ReadAllAsync(cancellationToken))
            {
                if (pipelineEvent is TEvent change)
                {
                    await onChange(change);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page closed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the event and the render.
        }
#pragma warning disable CA1031 // A page's failure to refresh must not go unobserved, nor take anything else down.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.PageUpdateFailed(logger, exception);
        }
    }

    private sealed class Handle(PipelineEventSubscription subscription, CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            subscription.Dispose();
            stop.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1400, LogLevel.Error, "An open page failed to apply a pipeline event; it stops updating live")]
        public static partial void PageUpdateFailed(ILogger logger, Exception exception);
    }
}
