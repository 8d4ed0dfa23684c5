using Feedback.Core.Annotation;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Ml.Schema;

namespace Feedback.Core.Tests.Labels;

public sealed class LabelResolverTests
{
    private static readonly DateTimeOffset Served = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Served.AddDays(1);
    private static long _nextId = 100;

    private static readonly LabelPolicy ClickPolicy = LabelPolicy.Default with { PositiveActions = [new PositiveAction("click", TimeSpan.FromMinutes(30))] };

    // --- binary ratings ---------------------------------------------------------------------------------------

    [Fact]
    public void Resolve_BinaryThumbsUp_IsThePredictedClass()
    {
        var up = Thumb("up");

        var resolved = Resolve(Binary(), "yes", up).Resolved!;

        resolved.Label.ShouldBe("yes");
        resolved.Source.ShouldBe(LabelSource.Rating);
        resolved.Confidence.ShouldBe(LabelTrust.Rating);
        resolved.Weight.ShouldBe(LabelTrust.Rating);
        resolved.EvidenceIds.ShouldBe([up.EvidenceId]);
        resolved.Conflicts.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("yes", "no")]
    [InlineData("no", "yes")]
    public void Resolve_BinaryThumbsDown_IsTheOtherClass(string predicted, string expected)
    {
        Resolve(Binary(), predicted, Thumb("down")).Resolved!.Label.ShouldBe(expected);
    }

    [Theory]
    [InlineData(5, "yes")]
    [InlineData(4, "yes")]
    [InlineData(2, "no")]
    [InlineData(1, "no")]
    public void Resolve_Stars_AreMappedByThePolicy(int stars, string expected)
    {
        Resolve(Binary(), "yes", Stars(stars)).Resolved!.Label.ShouldBe(expected);
    }

    [Fact]
    public void Resolve_StarsThePolicyIgnores_GiveNoLabel()
    {
        var model = Binary() with { LabelPolicy = LabelPolicy.Default with { StarsUp = [5], StarsDown = [1] } };

        Resolve(model, "yes", Stars(3)).Resolved.ShouldBeNull("3 is in neither list");
        Resolve(model, "yes", Stars(4)).Resolved.ShouldBeNull("this policy only counts 5 as up");
        Resolve(model, "yes", Stars(1)).Resolved!.Label.ShouldBe("no");
    }

    [Fact]
    public void Resolve_RatingOfAPredictionWithoutAValidPredictedLabel_IsIgnoredAndCounted()
    {
        var result = Resolve(Binary(), "maybe", Thumb("up"));

        result.Resolved.ShouldBeNull();
        result.IgnoredLabels.ShouldBe(1);
        Resolve(Binary(), null, Thumb("down")).Resolved.ShouldBeNull("no prediction output: nothing to flip");
    }

    // --- multiclass ratings -----------------------------------------------------------------------------------

    [Fact]
    public void Resolve_MulticlassThumbsUp_IsThePredictedClass()
    {
        Resolve(Multiclass(), "billing", Thumb("up")).Resolved!.Label.ShouldBe("billing");
    }

    [Fact]
    public void Resolve_MulticlassThumbsDown_GivesNoLabelButNeedsAnnotation()
    {
        var result = Resolve(Multiclass(), "billing", Thumb("down"));

        result.Resolved.ShouldBeNull("'wrong' does not say which class is right");
        result.NeedsAnnotation.ShouldBeTrue();
    }

    [Fact]
    public void Resolve_MulticlassThumbsDownThenCorrection_TakesTheCorrectionAndNeedsNoAnnotation()
    {
        var result = Resolve(Multiclass(), "billing", Thumb("down"), Correction("shipping"));

        result.Resolved!.Label.ShouldBe("shipping");
        result.Resolved.Conflicts.ShouldBeEmpty("the thumbs down agrees that billing was wrong");
        result.NeedsAnnotation.ShouldBeFalse();
    }

    [Fact]
    public void Resolve_MulticlassThumbsDownAgainstAnOutcomeOfThePredictedClass_IsAConflict()
    {
        var down = Thumb("down");

        var resolved = Resolve(Multiclass(), "billing", down, Outcome("billing")).Resolved!;

        resolved.Label.ShouldBe("billing");
        resolved.Conflicts.ShouldBe([new LabelConflict(down.EvidenceId, LabelSource.Rating, null)]);
    }

    // --- corrections, outcomes, regression ------------------------------------------------------------------

    [Fact]
    public void Resolve_Correction_IsTheCorrectedLabel()
    {
        var correction = Correction("shipping");

        var resolved = Resolve(Multiclass(), "billing", correction).Resolved!;

        resolved.Label.ShouldBe("shipping");
        resolved.Source.ShouldBe(LabelSource.Correction);
        resolved.Confidence.ShouldBe(LabelTrust.Correction);
        resolved.EvidenceIds.ShouldBe([correction.EvidenceId]);
    }

    [Fact]
    public void Resolve_Outcome_IsTheObservedLabel()
    {
        var resolved = Resolve(Binary(), "no", Outcome("yes")).Resolved!;

        resolved.Label.ShouldBe("yes");
        resolved.Source.ShouldBe(LabelSource.Outcome);
        resolved.Confidence.ShouldBe(1.0);
    }

    [Fact]
    public void Resolve_LabelsThatAreNotClasses_AreIgnoredAndCounted()
    {
        var result = Resolve(Binary(), "yes", Correction("perhaps"), Outcome("YES"), Crowd("nah", 0.9));

        result.Resolved.ShouldBeNull();
        result.IgnoredLabels.ShouldBe(3);
    }

    [Fact]
    public void Resolve_RegressionCorrection_IsANumberInInvariantForm()
    {
        var result = Resolve(Regression(), "10.5", Correction("12.50"), Thumb("up"), Correction("twelve"));

        result.Resolved!.Label.ShouldBe("12.5");
        result.Resolved.Source.ShouldBe(LabelSource.Correction);
        result.IgnoredLabels.ShouldBe(1, "'twelve' is not a number; a thumb on a regression says nothing");
    }

    [Fact]
    public void Resolve_RegressionOutcomeAndCorrectionWithTheSameValue_DoNotConflict()
    {
        var resolved = Resolve(Regression(), "3", Correction("7"), Outcome("7.0")).Resolved!;

        resolved.Label.ShouldBe("7");
        resolved.Source.ShouldBe(LabelSource.Outcome);
        resolved.Conflicts.ShouldBeEmpty("7 and 7.0 are the same number");
        resolved.EvidenceIds.Count.ShouldBe(2);
    }

    [Fact]
    public void Resolve_Harm_NeverBecomesALabel()
    {
        var harm = new FeedbackEvidence(++_nextId, FeedbackKind.Harm, null, null, null, null, Served.AddMinutes(1));

        Resolve(Binary(), "yes", harm).ShouldBe(LabelResolution.None);
    }

    // --- actions ----------------------------------------------------------------------------------------------

    [Fact]
    public void Resolve_PositiveActionWithinItsWindow_IsThePositiveClass()
    {
        var click = Action("click", TimeSpan.FromMinutes(29));

        var resolved = Resolve(Binary(ClickPolicy), "no", click).Resolved!;

        resolved.Label.ShouldBe("yes", "binary classes are negative first, positive second");
        resolved.Source.ShouldBe(LabelSource.Action);
        resolved.EvidenceIds.ShouldBe([click.EvidenceId]);
    }

    [Fact]
    public void Resolve_PositiveActionAfterItsWindow_OrAnotherAction_GivesNoLabel()
    {
        Resolve(Binary(ClickPolicy), "no", Action("click", TimeSpan.FromMinutes(31))).Resolved.ShouldBeNull("the window had closed");
        Resolve(Binary(ClickPolicy), "no", Action("dismiss", TimeSpan.FromMinutes(1))).Resolved.ShouldBeNull("not a positive action");
    }

    [Fact]
    public void Resolve_PositiveActionOnAMulticlassModel_IsIgnored()
    {
        var model = Multiclass() with { LabelPolicy = ClickPolicy };

        Resolve(model, "billing", Action("click", TimeSpan.FromMinutes(1))).Resolved.ShouldBeNull();
    }

    [Fact]
    public void Resolve_NoActionAfterTheWindow_IsNegativeOnlyWhenThePolicyOptsIn()
    {
        var optIn = Binary(ClickPolicy with { NegativeAfterWindow = true });

        Resolve(Binary(ClickPolicy), "yes", now: Served.AddHours(1)).Resolved.ShouldBeNull("absence is not evidence by default");
        Resolve(optIn, "yes", now: Served.AddMinutes(29)).Resolved.ShouldBeNull("the window is still open");
        var resolved = Resolve(optIn, "yes", now: Served.AddMinutes(30)).Resolved!;
        resolved.Label.ShouldBe("no");
        resolved.Source.ShouldBe(LabelSource.NoActionNegative);
        resolved.EvidenceIds.ShouldBeEmpty();
    }

    [Fact]
    public void Resolve_ActionWithinTheWindow_PreventsTheNegativeAfterIt()
    {
        var optIn = Binary(ClickPolicy with { NegativeAfterWindow = true });

        Resolve(optIn, "no", Action("click", TimeSpan.FromMinutes(5))).Resolved!.Label.ShouldBe("yes");
        Resolve(optIn, "no", Action("click", TimeSpan.FromMinutes(40))).Resolved!.Source.ShouldBe(LabelSource.NoActionNegative, "a late click does not count");
    }

    [Fact]
    public void Resolve_NoActionNegative_NeverOverridesOtherEvidence()
    {
        var optIn = Binary(ClickPolicy with { NegativeAfterWindow = true });

        var resolved = Resolve(optIn, "yes", Thumb("up")).Resolved!;

        resolved.Label.ShouldBe("yes");
        resolved.Conflicts.ShouldBeEmpty("absence is not recorded as disagreement");
    }

    // --- annotation -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.69, false)]
    [InlineData(0.7, true)]
    [InlineData(0.95, true)]
    public void Resolve_Crowd_CountsOnlyAtOrAboveTheMinimumConfidence(double confidence, bool counts)
    {
        var result = Resolve(Binary(), "yes", Crowd("no", confidence));

        if (counts)
        {
            result.Resolved!.Label.ShouldBe("no");
            result.Resolved.Source.ShouldBe(LabelSource.Crowd);
            result.Resolved.Confidence.ShouldBe(confidence);
        }
        else
        {
            result.Resolved.ShouldBeNull("the policy's minimum is 0.7");
        }
    }

    [Fact]
    public void Resolve_Expert_OverridesEverythingAndRecordsTheRestAsConflicts()
    {
        var outcome = Outcome("yes");
        var correction = Correction("yes");
        var crowd = Crowd("yes", 0.9, answerIds: [7, 8]);
        var expert = Expert("no", answerId: 9);

        var resolved = Resolve(Binary(), "yes", outcome, correction, Thumb("up"), crowd, expert).Resolved!;

        resolved.Label.ShouldBe("no");
        resolved.Source.ShouldBe(LabelSource.Expert);
        resolved.EvidenceIds.ShouldBe(["annotation:9"]);
        resolved.Conflicts.Select(c => c.Source).ShouldBe([LabelSource.Outcome, LabelSource.Correction, LabelSource.Crowd, LabelSource.Crowd, LabelSource.Rating]);
        resolved.Conflicts.ShouldContain(new LabelConflict("annotation:7", LabelSource.Crowd, "yes"));
    }

    // --- priorities and conflicts -----------------------------------------------------------------------------

    public static TheoryData<string, string> Priorities => new()
    {
        { "outcome", "correction" },
        { "correction", "crowd" },
        { "crowd", "rating" },
        { "rating", "action" },
        { "expert", "outcome" },
    };

    [Theory]
    [MemberData(nameof(Priorities))]
    public void Resolve_HigherPrioritySource_WinsAndTheLowerIsAConflict(string higher, string lower)
    {
        var model = Binary(ClickPolicy);
        var (high, highId) = Evidence(higher, "no");
        var (low, lowId) = Evidence(lower, "yes");

        foreach (var order in new[] { new[] { high, low }, [low, high] })
        {
            var resolved = Resolve(model, "yes", [.. order.OfType<FeedbackEvidence>()], [.. order.OfType<AnnotationEvidence>()], Now).Resolved!;

            resolved.Label.ShouldBe("no", $"{higher} beats {lower} whatever the order");
            LabelSourceNames.ToWire(resolved.Source).ShouldBe(higher);
            resolved.Conflicts.ShouldBe([new LabelConflict(lowId, LabelSourceNames.Parse(lower), "yes")]);
        }
    }

    [Fact]
    public void Resolve_WithinOnePriority_TheLatestWinsAndTheEarlierIsAConflict()
    {
        var first = Correction("no", at: Served.AddMinutes(1));
        var second = Correction("yes", at: Served.AddMinutes(2));

        var resolved = Resolve(Binary(), "no", second, first).Resolved!;

        resolved.Label.ShouldBe("yes");
        resolved.EvidenceIds.ShouldBe([second.EvidenceId]);
        resolved.Conflicts.ShouldBe([new LabelConflict(first.EvidenceId, LabelSource.Correction, "no")]);
        resolved.Weight.ShouldBe(LabelTrust.Correction / 2, "half of the corrections agree");
    }

    [Fact]
    public void Resolve_AgreeingEvidence_IsAllListedWithTheWinningSourceFirst()
    {
        var up = Thumb("up", at: Served.AddMinutes(1));
        var correction = Correction("yes", at: Served.AddMinutes(5));
        var again = Thumb("up", at: Served.AddMinutes(9));

        var resolved = Resolve(Binary(), "yes", up, again, correction).Resolved!;

        resolved.Source.ShouldBe(LabelSource.Correction);
        resolved.EvidenceIds.ShouldBe([correction.EvidenceId, up.EvidenceId, again.EvidenceId]);
        resolved.Weight.ShouldBe(LabelTrust.Correction);
    }

    [Fact]
    public void Resolve_NoEvidence_GivesNothing()
    {
        Resolve(Binary(), "yes").ShouldBe(LabelResolution.None);
    }

    [Fact]
    public void LabelSourceNames_AreKebabCaseAndRoundTrip()
    {
        Enum.GetValues<LabelSource>().Select(LabelSourceNames.ToWire)
            .ShouldBe(["expert", "outcome", "correction", "crowd", "rating", "action", "no-action-negative"]);
        foreach (var source in Enum.GetValues<LabelSource>())
        {
            LabelSourceNames.Parse(LabelSourceNames.ToWire(source)).ShouldBe(source);
        }

        LabelSourceNames.TryParse("Expert", out _).ShouldBeFalse();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static LabelResolution Resolve(ModelDefinition model, string? predicted, params object[] evidence) =>
        Resolve(model, predicted, [.. evidence.OfType<FeedbackEvidence>()], [.. evidence.OfType<AnnotationEvidence>()], Now);

    private static LabelResolution Resolve(ModelDefinition model, string? predicted, DateTimeOffset now) =>
        Resolve(model, predicted, [], [], now);

    private static LabelResolution Resolve(ModelDefinition model, string? predicted, List<FeedbackEvidence> feedback, List<AnnotationEvidence> annotations, DateTimeOffset now) =>
        LabelResolver.Resolve(model, new PredictionFacts("t-1", predicted, Served), feedback, annotations, now);

    private static (object Evidence, string Id) Evidence(string source, string label) => source switch
    {
        "outcome" => Id(Outcome(label)),
        "correction" => Id(Correction(label)),
        "rating" => Id(Thumb(label == "yes" ? "up" : "down")),
        "action" => label == "yes" ? Id(Action("click", TimeSpan.FromMinutes(1))) : throw new ArgumentException("actions are positive only"),
        "crowd" => (Crowd(label, 0.9, answerIds: [++_nextId]), $"annotation:{_nextId}"),
        "expert" => (Expert(label, answerId: ++_nextId), $"annotation:{_nextId}"),
        _ => throw new ArgumentException(source),
    };

    private static (object, string) Id(FeedbackEvidence e) => (e, e.EvidenceId);

    private static ModelDefinition Binary(LabelPolicy? policy = null) =>
        new("m", null, TaskType.Binary, ["no", "yes"], new FeatureSchema([]), policy ?? LabelPolicy.Default, ModelDefinition.DefaultRetention, 0);

    private static ModelDefinition Multiclass() =>
        new("m", null, TaskType.Multiclass, ["billing", "shipping", "other"], new FeatureSchema([]), LabelPolicy.Default, ModelDefinition.DefaultRetention, 0);

    private static ModelDefinition Regression() =>
        new("m", null, TaskType.Regression, [], new FeatureSchema([]), LabelPolicy.Default, ModelDefinition.DefaultRetention, 0);

    private static FeedbackEvidence Thumb(string value, DateTimeOffset? at = null) =>
        new(++_nextId, FeedbackKind.Rating, value, null, null, null, at ?? Served.AddMinutes(1));

    private static FeedbackEvidence Stars(int stars) => new(++_nextId, FeedbackKind.Rating, null, stars, null, null, Served.AddMinutes(1));

    private static FeedbackEvidence Correction(string label, DateTimeOffset? at = null) =>
        new(++_nextId, FeedbackKind.Correction, null, null, label, null, at ?? Served.AddMinutes(2));

    private static FeedbackEvidence Outcome(string label) => new(++_nextId, FeedbackKind.Outcome, null, null, label, null, Served.AddHours(3));

    private static FeedbackEvidence Action(string name, TimeSpan after) => new(++_nextId, FeedbackKind.Action, null, null, null, name, Served + after);

    private static AnnotationEvidence Crowd(string label, double confidence, long[]? answerIds = null) =>
        new("t-1", label, confidence, ItemResolver.CrowdSource, answerIds ?? [++_nextId], Served.AddHours(1));

    private static AnnotationEvidence Expert(string label, long answerId) =>
        new("t-1", label, 1.0, ItemResolver.ExpertSource, [answerId], Served.AddHours(2));
}
