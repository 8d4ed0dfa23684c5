namespace Feedback.Pipeline.Runs;

/// <summary>The steps of a run, in order (SPEC §5).</summary>
public static class PipelineStepNames
{
    public const string ExampleGen = "ExampleGen";
    public const string StatisticsGen = "StatisticsGen";
    public const string SchemaGen = "SchemaGen";
    public const string ExampleValidator = "ExampleValidator";
    public const string Transform = "Transform";
    public const string Trainer = "Trainer";
    public const string Evaluator = "Evaluator";
    public const string Approval = "Approval";
    public const string Pusher = "Pusher";

    public static IReadOnlyList<string> InOrder { get; } =
        [ExampleGen, StatisticsGen, SchemaGen, ExampleValidator, Transform, Trainer, Evaluator, Approval, Pusher];
}
