namespace Feedback.Core.Models;

/// <summary>One move of an alias (a push, a promotion or a rollback): the audit trail of what served when and why.
/// Rows are only ever appended.</summary>
public sealed class ModelAliasHistory
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public required string Alias { get; set; }

    /// <summary>The version the alias points at after the move.</summary>
    public int Version { get; set; }

    /// <summary>The version it pointed at before, or null when the move created the alias.</summary>
    public int? PreviousVersion { get; set; }

    /// <summary>Who moved it: an API key id, a user, or a pipeline run.</summary>
    public string? MovedBy { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset MovedAt { get; set; }
}
