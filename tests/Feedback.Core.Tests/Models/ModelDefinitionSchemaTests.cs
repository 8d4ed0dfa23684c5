using System.Text;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Core.Models;
using Feedback.Core.Models.Schema;
using Json.Schema;

namespace Feedback.Core.Tests.Models;

/// <summary>The served JSON Schema and the server's validator agree: what one accepts the other accepts, and the
/// mistakes a user makes are refused by both.</summary>
public sealed class ModelDefinitionSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(Encoding.UTF8.GetString(ModelDefinitionSchema.Utf8.Span));

    private const string Minimal = "name: m\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: [{name: x, type: numeric}]\n";

    private static readonly string[] Valid =
    [
        Minimal,
        File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "examples", "churn.yaml")),
        "name: price\ntaskType: regression\nfeatures: [{name: area, type: numeric}, {name: city, type: categorical, role: slice-only}]\n"
            + "pipeline: {trainer: gradient-boosted-trees, hyperParameters: {rounds: 50, maxDepth: 6}, window: 30d}\n"
            + "fallback: {value: 0}\n",
        "name: topic\ntaskType: multiclass\nlabelClasses: [a, b, c]\nfeatures: [{name: text, type: text, maxLength: 5000}]\n"
            + "labelPolicy: {stars: {up: [5], down: [1]}, minCrowdConfidence: 0.8, orphanWindow: 2d}\n"
            + "evaluation: {metrics: [accuracy, macroF1], bootstrap: {samples: 50, seed: 7, confidenceLevel: 0.9}}\n"
            + "triggers: {schedule: '0 3 * * *', newLabels: 100, driftAlarm: true, cooldown: 1h}\n",
        Minimal + "pipeline: {recentExamples: 400, halfLife: 6h, recentEvalShare: 0.2, blessOn: recent, "
            + "warmStart: {coldStartOn: [drift, liveAccuracy], maxParentRounds: 100, parentShrinkage: 0.5}}\n"
            + "triggers: {driftAlarm: true, cadence: 10m, cooldown: 1h, minNewLabelsForDrift: 100}\napproval: {policy: manual, timeout: 4h}\n",
        Minimal + "pipeline: {hyperParameters: {C: 0.5, tolerance: 1e-6, maxIterations: 200}}\nevaluation: {thresholds: none}\n"
            + "import: {missingValues: [NA, '?'], ignoreColumns: [note], ignoreExtraColumns: false}\n",
        Minimal + "pipeline: {trainer: {family: mlnet, algorithm: lightgbm, options: {numberOfIterations: 200, numberOfLeaves: 15, learningRate: 0.05}}}\n",
        Minimal + "pipeline: {trainer: {family: mlnet, algorithm: lbfgs-logistic-regression, options: {l2Regularization: 0.5}}}\n",
    ];

    public static TheoryData<string> ValidDefinitions => new(Valid);

    public static TheoryData<string, string> InvalidDefinitions => new()
    {
        { Minimal + "colour: red\n", "colour" },
        { "name: m\ntaskType: ordinal\nlabelClasses: [no, yes]\nfeatures: [{name: x, type: numeric}]\n", "taskType" },
        { "name: Bad Name\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: [{name: x, type: numeric}]\n", "name" },
        { "name: m\ntaskType: binary\nlabelClasses: [no, yes, maybe]\nfeatures: [{name: x, type: numeric}]\n", "labelClasses" },
        { "name: m\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: []\n", "features" },
        { "name: m\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: [{name: x, type: numeric, maxLength: 0}]\n", "features[0].maxLength" },
        { "name: m\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: [{name: x, type: number}]\n", "features[0].type" },
        { Minimal + "explorationShare: 0.9\n", "explorationShare" },
        { Minimal + "retention: forever\n", "retention" },
        { Minimal + "pipeline: {evalShare: 1}\n", "pipeline.evalShare" },
        { Minimal + "pipeline: {trainer: random-forest}\n", "pipeline.trainer" },
        { Minimal + "pipeline: {hyperParameters: {depth: 3}}\n", "pipeline.hyperParameters.depth" },
        { Minimal + "pipeline: {maxAttempts: 50}\n", "pipeline.maxAttempts" },
        { Minimal + "pipeline: {blessOn: newest}\n", "pipeline.blessOn" },
        { Minimal + "triggers: {newLabels: 0}\n", "triggers.newLabels" },
        { Minimal + "approval: {policy: sometimes}\n", "approval.policy" },
        { Minimal + "evaluation: {minimumSliceSize: 0}\n", "evaluation.minimumSliceSize" },
        { Minimal + "evaluation: {thresholds: all}\n", "evaluation.thresholds" },
        { Minimal + "import: {ignoreExtraColumns: sometimes}\n", "import" },
        { Minimal + "pipeline: {hyperParameters: {tolerance: -1}}\n", "pipeline.hyperParameters.tolerance" },
        { Minimal + "pipeline: {trainer: {family: mlnet, algorithm: random-forest}}\n", "pipeline.trainer" },
        { Minimal + "pipeline: {trainer: {family: mlnet, algorithm: lightgbm, options: {numberOfTrees: 10}}}\n", "pipeline.trainer" },
        { Minimal + "pipeline: {trainer: {family: tensorflow, algorithm: lightgbm}}\n", "pipeline.trainer" },
        { "name: p\ntaskType: regression\nfeatures: [{name: x, type: numeric}]\npipeline: {trainer: logistic-regression}\n", "pipeline.trainer" },
    };

    [Theory]
    [MemberData(nameof(ValidDefinitions))]
    public void ValidDefinition_IsAcceptedByTheSchemaAndTheValidator(string yaml)
    {
        Should.NotThrow(() => ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml(yaml)));
        var result = Evaluate(yaml);
        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void InvalidDefinition_IsRefusedByTheSchemaAndTheValidator(string yaml, string field)
    {
        var refused = Should.Throw<Exception>(() => ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml(yaml)));
        if (refused is InvalidInputException validation)
        {
            validation.Errors.Keys.ShouldContain(key => key.StartsWith(field, StringComparison.Ordinal), $"the validator names {field}");
        }

        Evaluate(yaml).IsValid.ShouldBeFalse($"the schema refuses the mistake in {field}");
    }

    [Fact]
    public void CanonicalForm_OfEveryValidDefinition_IsValidUnderTheSchema()
    {
        foreach (var yaml in Valid)
        {
            var canonical = ModelDefinitionReader.ToCanonicalJson(ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml(yaml)));
            using var document = JsonDocument.Parse(canonical);
            var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            result.IsValid.ShouldBeTrue(Describe(result));
        }
    }

    [Fact]
    public void MlNetTrainers_InTheSchema_AreTheCatalogsAlgorithmsWithTheirOptions()
    {
        var trainer = System.Text.Json.Nodes.JsonNode.Parse(ModelDefinitionSchema.Utf8.Span)!["$defs"]!["mlnetTrainer"]!;
        trainer["properties"]!["algorithm"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .ShouldBe(Feedback.Ml.Training.MlNet.MlNetAlgorithms.All.Select(a => a.Name), ignoreOrder: true);

        foreach (var algorithm in Feedback.Ml.Training.MlNet.MlNetAlgorithms.All)
        {
            var rule = trainer["allOf"]!.AsArray().Single(r =>
                r!["if"]!["properties"]!["algorithm"]! is var condition
                && (condition["const"]?.GetValue<string>() == algorithm.Name
                    || (condition["enum"]?.AsArray().Any(n => n!.GetValue<string>() == algorithm.Name) ?? false)));
            rule!["then"]!["properties"]!["options"]!["propertyNames"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
                .ShouldBe(algorithm.Options.Select(o => o.Name), ignoreOrder: true, algorithm.Name);
        }
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        using var document = JsonDocument.Parse(YamlJson.ToUtf8Json(yaml));
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Feedback.sln was not found above the test output folder.");
    }
}
