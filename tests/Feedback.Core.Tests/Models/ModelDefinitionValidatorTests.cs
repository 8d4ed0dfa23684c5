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
