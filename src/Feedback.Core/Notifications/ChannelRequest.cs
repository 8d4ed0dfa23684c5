namespace Feedback.Core.Notifications;

/// <summary>A request to create a channel.</summary>
public sealed class ChannelRequest
{
    /// <summary>Unique per model: letters, digits, '-' and '_'.</summary>
    public string? Name { get; set; }

    /// <summary><c>webhook</c> or <c>slack</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>The receiver's http(s) URL.</summary>
    public string? Url { get; set; }

    /// <summary>Event types to send (<c>approval.requested</c>, …); all when empty or <c>*</c>.</summary>
    public IReadOnlyList<string>? Events { get; set; }
}
