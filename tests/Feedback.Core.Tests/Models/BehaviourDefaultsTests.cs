using Feedback.Core.Models;

namespace Feedback.Core.Tests.Models;

/// <summary>What a newly created model will do that its definition does not say.</summary>
public sealed class BehaviourDefaultsTests
{
    [Fact]
    public void MinimalDefinition_NamesEveryBehaviourChangingDefault_WithItsValue()
    {
        var document = ModelDefinitionReader.FromYaml("name: m\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: [{name: x, type: numeric}]\n");

        var lines = BehaviourDefaults.Describe(document, ModelDefinitionValidator.Validate(document));

        lines.ShouldContain(l => l.StartsWith("pipeline.minExamples: 20", StringComparison.Ordinal));
        lines.ShouldContain("pipeline.trainer: logistic-regression");
        lines.ShouldContain(l => l.Contains("not worse than production on auc", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("approval.policy: automatic", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("triggers: none", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("retention: 90d", StringComparison.Ordinal));
    }

    [Fact]
    public void ExplicitSettings_AreNotRepeatedAsDefaults()
    {
        var document = ModelDefinitionReader.FromYaml(
            "name: m\ntaskType: regression\nfeatures: [{name: x, type: numeric}]\nretention: 30d\n"
            + "pipeline: {trainer: gradient-boosted-trees, minExamples: 100}\nevaluation: {thresholds: none}\n"
            + "approval: {policy: manual}\ntriggers: {newLabels: 50}\n");

        BehaviourDefaults.Describe(document, ModelDefinitionValidator.Validate(document)).ShouldBeEmpty();
    }

    [Fact]
    public void RegressionModel_IsGuardedOnRmse()
    {
        var document = ModelDefinitionReader.FromYaml("name: m\ntaskType: regression\nfeatures: [{name: x, type: numeric}]\n");

        BehaviourDefaults.Describe(document, ModelDefinitionValidator.Validate(document))
            .ShouldContain(l => l.Contains("not worse than production on rootMeanSquaredError", StringComparison.Ordinal));
    }
}
