using Feedback.Core.Models;
using Feedback.Pipeline.Steps;

namespace Feedback.Pipeline.Tests.Steps;

/// <summary>The definition's logistic-regression hyper-parameters reach the trainer: <c>C</c> or <c>l2</c>,
/// <c>tolerance</c> and <c>maxIterations</c>.</summary>
public sealed class LinearOptionsTests
{
    [Fact]
    public void C_Tolerance_AndMaxIterations_FromAValidatedDefinition_ReachTheTrainerOptions()
    {
        var definition = Validate("""{"C": 0.5, "tolerance": 1e-5, "maxIterations": 250}""");

        var options = TrainerStep.LinearOptions(definition.Pipeline.HyperParameters);

        options.C.ShouldBe(0.5);
        options.L2For(1000).ShouldBe(1 / 500.0);
        options.GradientTolerance.ShouldBe(1e-5);
        options.MaxIterations.ShouldBe(250);
    }

    [Fact]
    public void L2_IsUsedAsGiven_AndTheDefaultsStayWithoutHyperParameters()
    {
        var withL2 = TrainerStep.LinearOptions(Validate("""{"l2": 0.01}""").Pipeline.HyperParameters);
        var defaults = TrainerStep.LinearOptions(Validate("{}").Pipeline.HyperParameters);

        withL2.C.ShouldBeNull();
        withL2.L2For(1000).ShouldBe(0.01);
        defaults.L2For(1000).ShouldBe(1e-4);
        defaults.MaxIterations.ShouldBe(100);
        defaults.GradientTolerance.ShouldBe(1e-7);
    }

    private static ModelDefinition Validate(string hyperParameters) => ModelDefinitionReader.FromStored($$$"""
        {"name": "lr", "taskType": "binary", "labelClasses": ["no", "yes"], "features": [{"name": "x", "type": "numeric"}],
         "pipeline": {"trainer": "logistic-regression", "hyperParameters": {{{hyperParameters}}}}}
        """);
}
