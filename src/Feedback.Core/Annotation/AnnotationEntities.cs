using System.Text.Json.Serialization;

namespace Feedback.Core.Annotation;

/// <summary>An annotation project of one model (SPEC §4.1): what annotators see and how many answers an item needs.</summary>
public sealed class AnnotationProject
{
    public long Id { get; set; }

    /// <summary>URL-safe name, unique across projects (same rule as model names).</summary>
    public required string Name { get; set; }

    public long ModelId { get; set; }

    /// <summary>Markdown shown to annotators; rendered without raw HTML by the UI.</summary>
    public required string Instructions { get; set; }

    /// <summary>The label choices as a JSON array of strings: the model's classes, in the model's order.</summary>
    public required string Choices { get; set; }

    /// <summary>Crowd answers required per item (overlap).</summary>
    public int Overlap { get; set; }

    public AnnotationPools Pools { get; set; }

    /// <summary>Share of <c>next</c> calls answered with a gold item (0–1).</summary>
    public double GoldRate { get; set; }

    public bool ShowSuggestion { get; set; }

    /// <summary>Items whose crowd consensus is below this confidence go to expert review (when the expert pool is on).</summary>
    public double ReviewThreshold { get; set; }

    /// <summary>The task sources as a JSON array (see <see cref="TaskSourceSpec"/>).</summary>
    public required string Sources { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}

[Flags]
public enum AnnotationPools
{
    None = 0,
    Crowd = 1,
    Expert = 2,
}

/// <summary>The pool an annotator works in when asking for work.</summary>
public enum AnnotatorPool
{
    Crowd = 1,
    Expert = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<AnnotationItemStatus>))]
public enum AnnotationItemStatus
{
    /// <summary>Still collecting crowd answers.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>Waiting in the expert review queue.</summary>
    [JsonStringEnumMemberName("in-review")]
    InReview,

    /// <summary>Has a label (crowd consensus or expert).</summary>
    [JsonStringEnumMemberName("resolved")]
    Resolved,

    /// <summary>A gold item: its answer is known and it only measures annotators.</summary>
    [JsonStringEnumMemberName("gold")]
    Gold,
}

/// <summary>One prediction put in front of annotators, with a snapshot of what they see.</summary>
public sealed class AnnotationItem
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public required string TrackingId { get; set; }

    /// <summary>The prediction's inputs (JSON object) at the time the item was queued.</summary>
    public required string Inputs { get; set; }

    public string? SuggestedLabel { get; set; }

    /// <summary>The prediction's scores per class (JSON object), or null.</summary>
    public string? SuggestedScores { get; set; }

    /// <summary>The task source that queued it (<c>random</c>, <c>uncertainty</c>, … or <c>gold</c>).</summary>
    public required string Source { get; set; }

    public AnnotationItemStatus Status { get; set; }

    /// <summary>The known answer of a gold item.</summary>
    public string? GoldLabel { get; set; }

    public int CrowdAnswers { get; set; }

    /// <summary>Weighted majority-vote label of the crowd answers so far (null while there are none).</summary>
    public string? ConsensusLabel { get; set; }

    public double? ConsensusConfidence { get; set; }

    /// <summary>Whether the top of the majority vote is shared by two or more labels.</summary>
    public bool ConsensusTie { get; set; }

    public string? ResolvedLabel { get; set; }

    public double? ResolvedConfidence { get; set; }

    /// <summary><c>crowd</c> or <c>expert</c> once resolved.</summary>
    public string? ResolvedSource { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>One answer position of an item. <c>next</c> leases a free slot with a conditional UPDATE, so a slot is
/// never held by two annotators at once; an expired lease makes the slot free again.</summary>
public sealed class AnnotationSlot
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public long ItemId { get; set; }

    public AnnotatorPool Pool { get; set; }

    public string? LeasedBy { get; set; }

    public DateTimeOffset? LeasedAt { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>One annotator's answer to (or skip of) one item. Unique per (item, annotator): nobody answers an item twice.</summary>
public sealed class AnnotationAnswer
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public long ItemId { get; set; }

    public long? SlotId { get; set; }

    /// <summary><c>key:{apiKeyId}</c> for programs, <c>user:{userName}</c> for people.</summary>
    public required string AnnotatorId { get; set; }

    public AnnotatorPool Pool { get; set; }

    /// <summary>The chosen label; null when skipped.</summary>
    public string? Label { get; set; }

    public bool Skipped { get; set; }

    public DateTimeOffset LeasedAt { get; set; }

    public DateTimeOffset AnsweredAt { get; set; }
}
