using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Ml.Schema;

namespace Feedback.Core.Tests.Models;

public sealed class ModelDefinitionValidatorTests
{
    [Fact]
    public void Validate_MinimalBinary_FillsDefaults()
    {
        var definition = ModelDefinitionValidator.Validate(Minimal());

        definition.TaskType.ShouldBe(TaskType.Binary);
        definition.Retention.ShouldBe(TimeSpan.FromDays(90));
        definition.LabelPolicy.ShouldBe(LabelPolicy.Default with { StarsUp = definition.LabelPolicy.StarsUp, StarsDown = definition.LabelPolicy.StarsDown });
        definition.LabelPolicy.StarsUp.ShouldBe([4, 5]);
        definition.Features.Single().ShouldBe(new FeatureSpec("text", FeatureType.Text) { MaxLength = FeatureSpec.DefaultMaxLength });
    }

    [Fact]
    public void ToDocument_ThenValidate_RoundTrips()
    {
        var document = Minimal();
        document.Features!.Add(new FeatureDocument { Name = "country", Type = "categorical", Role = "slice-only", Required = false, MaxLength = 8 });
        document.LabelPolicy = new LabelPolicyDocument
        {
            PositiveActions = [new PositiveActionDocument { Name = "click", Window = "30m" }],
            NegativeAfterWindow = true,
        };
        var definition = ModelDefinitionValidator.Validate(document);

        var again = ModelDefinitionValidator.Validate(ModelDefinitionValidator.ToDocument(definition));

        ModelDefinitionReader.ToCanonicalJson(again).ShouldBe(ModelDefinitionReader.ToCanonicalJson(definition));
        again.LabelPolicy.PositiveActions.ShouldBe([new PositiveAction("click", TimeSpan.FromMinutes(30))]);
        again.Features[1].Role.ShouldBe(FeatureRole.SliceOnly);
    }

    [Fact]
    public void Validate_PositiveActionsOnMulticlass_IsAnError()
    {
        var document = Minimal();
        document.TaskType = "multiclass";
        document.LabelClasses = ["a", "b", "c"];
        document.LabelPolicy = new LabelPolicyDocument { PositiveActions = [new PositiveActionDocument { Name = "click", Window = "1h" }] };

        Errors(document).Keys.ShouldContain("labelPolicy.positiveActions");
    }

    [Fact]
    public void Validate_NegativeAfterWindowWithoutActions_IsAnError()
    {
        var document = Minimal();
        document.LabelPolicy = new LabelPolicyDocument { NegativeAfterWindow = true };

        Errors(document).Keys.ShouldBe(["labelPolicy.negativeAfterWindow"]);
    }

    [Fact]
    public void Validate_RegressionWithClasses_IsAnError()
    {
        var document = Minimal();
        document.TaskType = "regression";

        Errors(document).Keys.ShouldBe(["labelClasses"]);
    }

    [Fact]
    public void Validate_OnlySliceFeatures_IsAnError()
    {
        var document = Minimal();
        document.Features![0].Role = "slice-only";

        Errors(document).Keys.ShouldBe(["features"]);
    }

    [Fact]
    public void Validate_StarsBothUpAndDown_IsAnError()
    {
        var document = Minimal();
        document.LabelPolicy = new LabelPolicyDocument { Stars = new StarMappingDocument { Up = [3, 4, 5], Down = [1, 3] } };

        Errors(document).Keys.ShouldBe(["labelPolicy.stars.down[1]"]);
    }

    [Fact]
    public void Validate_DuplicateClassesAndMaxLengthOnNumeric_AreErrors()
    {
        var document = Minimal();
        document.LabelClasses = ["yes", "yes"];
        document.Features!.Add(new FeatureDocument { Name = "amount", Type = "numeric", MaxLength = 5 });

        Errors(document).Keys.ShouldBe(["labelClasses[1]", "features[1].maxLength"], ignoreOrder: true);
    }

    [Fact]
    public void Validate_LogisticC_IsAcceptedBesidesL2_ButNotBoth_AndToleranceAndIterationsAreChecked()
    {
        var withC = Minimal();
        withC.Pipeline = new PipelineDocument { Trainer = System.Text.Json.JsonSerializer.SerializeToElement("logistic-regression"), HyperParameters = new() { ["C"] = 0.5, ["tolerance"] = 1e-6, ["maxIterations"] = 300 } };
        var both = Minimal();
        both.Pipeline = new PipelineDocument { Trainer = System.Text.Json.JsonSerializer.SerializeToElement("logistic-regression"), HyperParameters = new() { ["C"] = 0.5, ["l2"] = 0.001 } };
        var bad = Minimal();
        bad.Pipeline = new PipelineDocument { Trainer = System.Text.Json.JsonSerializer.SerializeToElement("logistic-regression"), HyperParameters = new() { ["C"] = 0, ["tolerance"] = 0, ["maxIterations"] = 2.5 } };

        ModelDefinitionValidator.Validate(withC).Pipeline.HyperParameters["C"].ShouldBe(0.5);
        var bothErrors = Errors(both);
        bothErrors.Keys.ShouldBe(["pipeline.hyperParameters"]);
        bothErrors["pipeline.hyperParameters"].Single().ShouldContain("either l2");
        bothErrors["pipeline.hyperParameters"].Single().ShouldContain("not both");
        Errors(bad).Keys.ShouldBe(["pipeline.hyperParameters.C", "pipeline.hyperParameters.tolerance", "pipeline.hyperParameters.maxIterations"], ignoreOrder: true);
    }

    [Fact]
    public void Validate_ImportSettings_RoundTripAndDefaultsAreLeftOut()
    {
        var document = Minimal();
        document.Import = new ImportDocument { MissingValues = ["?", "missing"], IgnoreExtraColumns = true };
        var definition = ModelDefinitionValidator.Validate(document);

        var again = ModelDefinitionValidator.Validate(ModelDefinitionValidator.ToDocument(definition));

        again.Import.MissingValues.Tokens.ShouldBe(["?", "missing"]);
        again.Import.MissingValues.IsMissing("MISSING").ShouldBeTrue();
        again.Import.MissingValues.IsMissing("NA").ShouldBeFalse();
        again.Import.IgnoreExtraColumns.ShouldBeTrue();
        ModelDefinitionValidator.Validate(Minimal()).Import.ShouldBe(ImportSettings.Default);
        ModelDefinitionValidator.ToDocument(ModelDefinitionValidator.Validate(Minimal())).Import.ShouldBeNull();
    }

    [Theory]
    [InlineData("binary", "auc", "HigherIsBetter")]
    [InlineData("multiclass", "accuracy", "HigherIsBetter")]
    [InlineData("regression", "rootMeanSquaredError", "LowerIsBetter")]
    public void Validate_NoThresholds_DefaultsToNotWorseThanProductionOnThePrimaryMetric(string task, string metric, string direction)
    {
        var document = Minimal();
        document.TaskType = task;
        document.LabelClasses = task switch { "binary" => ["no", "yes"], "multiclass" => ["a", "b", "c"], _ => null };
        var withMetrics = Minimal();
        withMetrics.Evaluation = System.Text.Json.JsonDocument.Parse("""{"metrics": ["logLoss"]}""").RootElement;

        var threshold = ModelDefinitionValidator.Validate(document).Evaluation.Config.MetricThresholds.ShouldHaveSingleItem();
        var listed = ModelDefinitionValidator.Validate(withMetrics).Evaluation.Config;

        threshold.Metric.ShouldBe(metric);
        threshold.Value.ShouldBeNull();
        threshold.Change.ShouldNotBeNull().Direction.ToString().ShouldBe(direction);
        threshold.Change.Absolute.ShouldNotBeNull().ShouldBe(0, 1e-6);
        listed.Metrics.ShouldBe(["logLoss", "auc"]);
        listed.MetricThresholds.ShouldHaveSingleItem().Metric.ShouldBe("auc");
        ModelDefinitionValidator.ToDocument(ModelDefinitionValidator.Validate(document)).Evaluation.ShouldBeNull("the default is not written into the stored definition");
    }

    [Fact]
    public void Validate_ThresholdsNone_OptsOut_AndOtherValuesOrAContradictionAreErrors()
    {
        var none = Minimal();
        none.Evaluation = System.Text.Json.JsonDocument.Parse("""{"thresholds": "none"}""").RootElement;
        var other = Minimal();
        other.Evaluation = System.Text.Json.JsonDocument.Parse("""{"thresholds": "all"}""").RootElement;
        var both = Minimal();
        both.Evaluation = System.Text.Json.JsonDocument.Parse("""{"thresholds": "none", "metricThresholds": [{"metric": "auc", "value": {"lowerBound": 0.5}}]}""").RootElement;

        var definition = ModelDefinitionValidator.Validate(none);

        definition.Evaluation.Config.MetricThresholds.ShouldBeEmpty();
        ModelDefinitionValidator.Validate(ModelDefinitionValidator.ToDocument(definition)).Evaluation.Config.MetricThresholds.ShouldBeEmpty("the opt-out survives storage");
        Errors(other).Keys.ShouldBe(["evaluation.thresholds"]);
        Errors(both)["evaluation.thresholds"].Single().ShouldContain("contradicts");
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
