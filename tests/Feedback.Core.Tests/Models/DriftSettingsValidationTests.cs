using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Runs;

namespace Feedback.Core.Tests.Models;

/// <summary>The drift-recovery settings of a definition: recency, recent eval slice, warm-start policy, trigger gates, fallback.</summary>
public sealed class DriftSettingsValidationTests
{
    [Fact]
    public void Validate_RecommendedDriftSettings_RoundTripThroughTheCanonicalForm()
    {
        var document = Minimal();
        document.Pipeline = new PipelineDocument
        {
            Trainer = System.Text.Json.JsonSerializer.SerializeToElement("gradient-boosted-trees"),
            RecentExamples = 400,
            HalfLife = "6h",
            RecentEvalShare = 0.2,
            BlessOn = "recent",
            WarmStart = new WarmStartDocument { ColdStartOn = ["drift", "liveAccuracy"], MaxParentRounds = 100, ParentShrinkage = 0.5 },
        };
        document.Triggers = new TriggersDocument { DriftAlarm = true, Cadence = "10m", Cooldown = "1h", MinNewLabelsForDrift = 100 };
        document.Fallback = new FallbackDocument { Label = "no" };

        var definition = ModelDefinitionValidator.Validate(document);
        var again = ModelDefinitionReader.FromStored(ModelDefinitionReader.ToCanonicalJson(definition));

        again.Pipeline.Recency.ShouldBe(new RecencySettings(400, TimeSpan.FromHours(6), 0.2, BlessingSplit.Recent));
        again.Pipeline.WarmStart.ShouldBe(new WarmStartPolicy([RunTrigger.Drift, RunTrigger.LiveAccuracy], 100, 0.5));
        again.Triggers.Gates.ShouldBe(new TriggerGates(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), 100));
        again.Fallback.ShouldBe(new ServingFallback("no", null));
        ModelDefinitionReader.ToCanonicalJson(again).ShouldBe(ModelDefinitionReader.ToCanonicalJson(definition));
    }

    [Fact]
    public void Validate_WithoutDriftSettings_KeepsTheOldBehaviour()
    {
        var definition = ModelDefinitionValidator.Validate(Minimal());

        definition.Pipeline.Recency.ShouldBe(RecencySettings.None);
        definition.Pipeline.WarmStart.ShouldBe(WarmStartPolicy.Default);
        definition.Triggers.Gates.ShouldBe(TriggerGates.None);
        definition.Fallback.ShouldBeNull();
    }

    [Fact]
    public void Validate_BadDriftSettings_NameEachField()
    {
        var document = Minimal();
        document.Pipeline = new PipelineDocument
        {
            RecentExamples = 0,
            HalfLife = "soon",
            RecentEvalShare = 0.7,
            BlessOn = "newest",
            WarmStart = new WarmStartDocument { ColdStartOn = ["drift", "weather"], MaxParentRounds = 0, ParentShrinkage = 0 },
        };
        document.Triggers = new TriggersDocument { Cadence = "-1m", Cooldown = "later", MinNewLabelsForDrift = 0 };
        document.Fallback = new FallbackDocument { Label = "maybe" };

        Errors(document).Keys.ShouldBe(
            [
                "pipeline.recentExamples", "pipeline.halfLife", "pipeline.recentEvalShare", "pipeline.blessOn",
                "pipeline.warmStart.coldStartOn[1]", "pipeline.warmStart.maxParentRounds", "pipeline.warmStart.parentShrinkage",
                "triggers.cadence", "triggers.cooldown", "triggers.minNewLabelsForDrift", "fallback.label",
            ],
            ignoreOrder: true);
    }

    [Fact]
    public void Validate_BlessOnRecentWithoutARecentSlice_IsRejected()
    {
        var document = Minimal();
        document.Pipeline = new PipelineDocument { BlessOn = "recent" };

        Errors(document)["pipeline.blessOn"].Single().ShouldContain("recentEvalShare");
    }

    private static ModelDefinitionDocument Minimal() => new()
    {
        Name = "churn",
        TaskType = "binary",
        LabelClasses = ["no", "yes"],
        Features = [new FeatureDocument { Name = "text", Type = "text" }],
    };

    private static IReadOnlyDictionary<string, string[]> Errors(ModelDefinitionDocument document) =>
        Should.Throw<InvalidInputException>(() => ModelDefinitionValidator.Validate(document)).Errors;
}
