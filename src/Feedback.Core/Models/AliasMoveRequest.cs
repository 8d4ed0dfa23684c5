namespace Feedback.Core.Models;

/// <summary>The body of <c>POST /models/{name}/aliases/{alias}</c>: promote or roll back.</summary>
public sealed class AliasMoveRequest
{
    /// <summary>The version the alias should point at.</summary>
    public int? Version { get; set; }

    /// <summary>Why (recorded in the alias history).</summary>
    public string? Reason { get; set; }
}
