namespace Feedback.Client;

/// <summary>Where the server is, the key, and how the background buffer batches feedback.</summary>
public sealed class FeedbackClientOptions
{
    /// <summary>The server, e.g. <c>http://localhost:5080/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key (<c>fbk_…</c>) with the scopes the calls need.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Most events per request sent by the buffer (the server's limit is 1,000 by default).</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How long an event may wait in the buffer before a partial batch is sent.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bound on buffered events: <see cref="FeedbackBuffer.EnqueueAsync"/> waits while it is full, and
    /// <see cref="FeedbackBuffer.TryEnqueue"/> refuses, so memory stays bounded when the server is slow or down.</summary>
    public int MaxBufferedEvents { get; set; } = 50_000;
}
