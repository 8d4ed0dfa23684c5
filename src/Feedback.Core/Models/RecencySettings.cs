namespace Feedback.Core.Models;

/// <summary>Which eval rows decide the blessing.</summary>
public enum BlessingSplit
{
    /// <summary>The stable hash split (the default): the same examples are eval examples in every run.</summary>
    Hash,

    /// <summary>The time-based slice of the newest examples: what the model will face next.</summary>
    Recent,
}

/// <summary>How much of the past a run learns from and is judged on, for data whose truth drifts (SPEC §5).</summary>
/// <param name="RecentExamples">Only the newest this many labeled examples (by served time), or null for no limit.
/// Combines with <see cref="PipelineSettings.Window"/>: both limits apply.</param>
/// <param name="HalfLife">Exponential time-decay of example weights: an example this much older than the newest one in
/// the snapshot weighs half as much. Relative to the newest example, not the clock, so an unchanged snapshot keeps
/// unchanged bytes. Null for no decay.</param>
/// <param name="RecentEvalShare">Share (0 to 0.5) of the newest examples held out of training as the <c>recent</c> eval
/// slice, reported beside the hash split; 0 for none.</param>
/// <param name="BlessOn">Which eval rows decide the blessing; <see cref="BlessingSplit.Recent"/> needs a recent slice.</param>
public sealed record RecencySettings(int? RecentExamples, TimeSpan? HalfLife, double RecentEvalShare, BlessingSplit BlessOn)
{
    public static readonly RecencySettings None = new(null, null, 0, BlessingSplit.Hash);
}

/// <summary>How a run continues from the production version (SPEC §5.6).</summary>
/// <param name="ColdStartOn">Triggers whose runs always train from scratch (e.g. <c>drift</c>): after a drift the parent
/// encodes the old world, and continuing from it slows recovery.</param>
/// <param name="MaxParentRounds">Boosted trees: keep at most the parent's newest this many rounds, so an ensemble does not
/// grow without bound across warm starts; null keeps all.</param>
/// <param name="ParentShrinkage">Boosted trees: the kept parent trees' leaf values are multiplied by this (0 to 1], so the
/// old world's evidence fades with each generation; 1 keeps them as they were.</param>
public sealed record WarmStartPolicy(IReadOnlyList<Feedback.Core.Runs.RunTrigger> ColdStartOn, int? MaxParentRounds, double ParentShrinkage)
{
    public static readonly WarmStartPolicy Default = new([], null, 1);

    public bool Equals(WarmStartPolicy? other) =>
        other is not null && ColdStartOn.SequenceEqual(other.ColdStartOn) && MaxParentRounds == other.MaxParentRounds && ParentShrinkage.Equals(other.ParentShrinkage);

    public override int GetHashCode() => HashCode.Combine(ColdStartOn.Count, MaxParentRounds, ParentShrinkage);
}

/// <summary>Per-model gates on the automatic triggers (SPEC §5.9), evaluated on every host tick, whichever scheduler
/// ticks.</summary>
/// <param name="Cadence">Evaluate this model's conditions at most this often (the host tick is the floor); null: every tick.</param>
/// <param name="Cooldown">No automatic run within this time after the model's last run started; null: none.</param>
/// <param name="MinNewLabelsForDrift">A drift or live-accuracy run also needs this many examples labeled since the
/// last run: retraining on the same labels cannot fix a drift.</param>
public sealed record TriggerGates(TimeSpan? Cadence, TimeSpan? Cooldown, int? MinNewLabelsForDrift)
{
    public static readonly TriggerGates None = new(null, null, null);
}

/// <summary>What <c>:predict</c> answers before a model has a production version: a declared constant, marked as a
/// fallback in the response. Classifiers give <see cref="Label"/>, regression models <see cref="Value"/>.</summary>
public sealed record ServingFallback(string? Label, double? Value);
