using System.Threading.Channels;

namespace Feedback.Pipeline.Events;

/// <summary>In-process publish/subscribe of <see cref="PipelineEvent"/>s. Publishing never blocks a run: every
/// subscriber has its own bounded buffer and, when it falls behind, loses its oldest events rather than slowing the
/// pipeline. Cross-node delivery (PostgreSQL LISTEN/NOTIFY, browsers) subscribes here.</summary>
public sealed class PipelineEventBus
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    /// <summary>Delivers an event to every current subscriber.</summary>
    public void Publish(PipelineEvent pipelineEvent)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        foreach (var channel in _subscribers.Channels)
        {
            channel.Writer.TryWrite(pipelineEvent);
        }
    }

    /// <summary>Subscribes; dispose the subscription to stop. <paramref name="capacity"/> events are buffered.</summary>
    public PipelineEventSubscription Subscribe(int capacity = 10_000)
    {
        var channel = Channel.CreateBounded<PipelineEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = _subscribers.Add(channel);
        }

        return new PipelineEventSubscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers = _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
    }

    // Copy-on-write so that Publish reads without a lock.
    private sealed record ImmutableSubscribers(Channel<PipelineEvent>[] Channels)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public ImmutableSubscribers Add(Channel<PipelineEvent> channel) => new([.. Channels, channel]);

        public ImmutableSubscribers Remove(Channel<PipelineEvent> channel) => new(Channels.Where(c => c != channel).ToArray());
    }
}

/// <summary>A subscriber's view of the bus.</summary>
public sealed class PipelineEventSubscription(ChannelReader<PipelineEvent> reader, Action unsubscribe) : IDisposable
{
    /// <summary>The events, in publication order.</summary>
    public ChannelReader<PipelineEvent> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
