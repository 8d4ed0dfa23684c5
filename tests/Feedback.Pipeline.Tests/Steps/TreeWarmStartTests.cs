using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Transforms;
using Feedback.Pipeline.Steps;

namespace Feedback.Pipeline.Tests.Steps;

public sealed class TreeWarmStartTests
{
    private static readonly FeatureSchema Schema = new([new FeatureSpec("x", FeatureType.Numeric), new FeatureSpec("color", FeatureType.Categorical)]);

    [Fact]
    public void FrozenTransformMismatch_SameColumns_AllowsFreezingTheParentsTransform()
    {
        var parent = Fit(["red", "green"], shift: 0);
        var refit = Fit(["green", "red"], shift: 5);

        TreeWarmStart.FrozenTransformMismatch(parent, refit, Schema).ShouldBeNull("a moved mean is what freezing is for");
    }

    [Fact]
    public void FrozenTransformMismatch_NewCategory_NamesTheColumnAndAsksForAColdStart()
    {
        var parent = Fit(["red", "green"], shift: 0);
        var refit = Fit(["red", "green", "blue"], shift: 0);

        var reason = TreeWarmStart.FrozenTransformMismatch(parent, refit, Schema);

        reason.ShouldNotBeNull();
        reason.ShouldContain("blue");
        reason.ShouldContain("from scratch");
    }

    [Fact]
    public void FrozenTransformMismatch_ChangedFeatures_AsksForAColdStart()
    {
        var parent = Fit(["red"], shift: 0);
        var wider = new FeatureSchema([.. Schema, new FeatureSpec("y", FeatureType.Numeric)]);

        TreeWarmStart.FrozenTransformMismatch(parent, parent, wider).ShouldNotBeNull();
    }

    [Fact]
    public void PolicyReason_TriggerInColdStartOn_NamesThePolicy()
    {
        var policy = new WarmStartPolicy([RunTrigger.Drift], null, 1);

        TreeWarmStart.PolicyReason(policy, RunTrigger.Drift)!.ShouldContain("coldStartOn includes 'drift'");
        TreeWarmStart.PolicyReason(policy, RunTrigger.NewLabels).ShouldBeNull();
    }

    private static FittedTransform Fit(string[] colors, double shift)
    {
        var builder = new TabularDataBuilder(Schema);
        for (var i = 0; i < 40; i++)
        {
            builder.Add(new Dictionary<string, object?> { ["x"] = i + shift, ["color"] = colors[i % colors.Length] });
        }

        return new FeatureTransformEstimator().Fit(builder.Build());
    }
}
