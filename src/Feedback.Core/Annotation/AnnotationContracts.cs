using System.Text.Json;

namespace Feedback.Core.Annotation;

/// <summary>The body of <c>POST /annotation/projects</c>.</summary>
public sealed class AnnotationProjectRequest
{
    public string? Name { get; set; }

    public string? Model { get; set; }

    /// <summary>Markdown instructions for annotators.</summary>
    public string? Instructions { get; set; }

    /// <summary>Crowd answers required per item; defaults to 3.</summary>
    public int? Overlap { get; set; }

    /// <summary><c>crowd</c>, <c>expert</c>; defaults to both.</summary>
    public List<string>? Pools { get; set; }

    /// <summary>Share of tasks that are gold items (0–0.5); defaults to 0.</summary>
    public double? GoldRate { get; set; }

    /// <summary>Whether annotators see the model's suggestion; defaults to false (avoids anchoring).</summary>
    public bool? ShowSuggestion { get; set; }

    /// <summary>Consensus confidence below which an item goes to expert review (0–1); defaults to 0.7.</summary>
    public double? ReviewThreshold { get; set; }

    public List<TaskSourceSpec>? Sources { get; set; }
}

/// <summary>One task source (SPEC §4.1) and its quota: how many new items one populate run may queue from it.</summary>
public sealed class TaskSourceSpec
{
    /// <summary><c>random</c>, <c>uncertainty</c>, <c>thumbs-down</c>, <c>conflicts</c>, <c>slices</c> or <c>explicit</c>.</summary>
    public string? Kind { get; set; }

    public int? Quota { get; set; }

    /// <summary>For <c>slices</c>: the slice-only feature whose rarest values are sampled first.</summary>
    public string? Feature { get; set; }

    /// <summary>For <c>explicit</c>: the tracking IDs to queue.</summary>
    public List<string>? TrackingIds { get; set; }
}

/// <summary>The body of <c>POST /annotation/projects/{project}/gold</c>: predictions whose answer is known.</summary>
public sealed class GoldItemsRequest
{
    public List<GoldItemInput>? Items { get; set; }
}

public sealed class GoldItemInput
{
    public string? TrackingId { get; set; }

    public string? Label { get; set; }
}

/// <summary>The body of <c>POST /annotation/tasks/{id}</c>.</summary>
public sealed class AnswerRequest
{
    public string? Label { get; set; }
}

public sealed record AnnotationProgress(int Items, int Open, int InReview, int Resolved, int Gold, int Answers);

public sealed record AnnotationProjectResource(
    string Name,
    string Model,
    string Instructions,
    IReadOnlyList<string> Choices,
    int Overlap,
    IReadOnlyList<string> Pools,
    double GoldRate,
    bool ShowSuggestion,
    double ReviewThreshold,
    IReadOnlyList<TaskSourceSpec> Sources,
    DateTimeOffset CreatedAt,
    AnnotationProgress Progress);

/// <summary>A project as one annotator sees it on their home page.</summary>
public sealed record AnnotatorProjectSummary(string Name, string Model, int OpenItems, int AnsweredByYou, int AvailableToYou);

/// <summary>Who is annotating: <c>key:{apiKeyId}</c> or <c>user:{userName}</c>, and the pool they draw work from.</summary>
public sealed record Annotator(string Id, AnnotatorPool Pool);

/// <summary>A leased slot: the item to label, until <see cref="LeaseExpiresAt"/>.</summary>
public sealed record AnnotationTask(
    long TaskId,
    string Project,
    string TrackingId,
    JsonElement Inputs,
    IReadOnlyList<string> Choices,
    string Instructions,
    string? Suggestion,
    DateTimeOffset LeaseExpiresAt,
    bool IsReview,
    ReviewContext? Review);

/// <summary>What an expert sees on a review task: every crowd answer with its annotator's quality, and the consensus.</summary>
public sealed record ReviewContext(IReadOnlyList<CrowdAnswer> Answers, string? ConsensusLabel, double? ConsensusConfidence, bool Tie);

public sealed record CrowdAnswer(string AnnotatorId, string Label, double? GoldAccuracy, bool Flagged, DateTimeOffset AnsweredAt);

public sealed record AnswerResult(long TaskId, string TrackingId, string Label, AnnotationItemStatus ItemStatus, string? ResolvedLabel, double? ResolvedConfidence);

public sealed record PopulateSourceResult(string Kind, int Queued, IReadOnlyList<string>? Missing);

public sealed record PopulateResult(int Queued, IReadOnlyList<PopulateSourceResult> Sources);
