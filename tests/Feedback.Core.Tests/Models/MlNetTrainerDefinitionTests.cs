using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Ml.Training.MlNet;

namespace Feedback.Core.Tests.Models;

/// <summary><c>pipeline.trainer</c> as an ML.NET algorithm: parsing, validation errors by field, canonical round trip.</summary>
public sealed class MlNetTrainerDefinitionTests
{
    [Fact]
    public void Validate_LightGbmWithOptions_IsAnMlNetTrainer()
    {
        var definition = Read("binary", "{ family: mlnet, algorithm: lightgbm, options: { numberOfLeaves: 15, learningRate: 0.05 } }");

        definition.Pipeline.Trainer.ShouldBe(TrainerKind.MlNet);
        definition.Pipeline.MlNet.ShouldNotBeNull().Algorithm.ShouldBe(MlNetAlgorithms.LightGbm);
        definition.Pipeline.MlNet.Options.ShouldBe(new Dictionary<string, double> { ["numberOfLeaves"] = 15, ["learningRate"] = 0.05 }, ignoreOrder: true);
        definition.Pipeline.MlNet.Value("numberOfIterations").ShouldBe(100, "left out: the documented default");
    }

    [Theory]
    [InlineData("binary", "lbfgs-logistic-regression")]
    [InlineData("binary", "sdca-logistic-regression")]
    [InlineData("binary", "fasttree")]
    [InlineData("binary", "lightgbm")]
    [InlineData("multiclass", "lbfgs-maximum-entropy")]
    [InlineData("multiclass", "lightgbm")]
    [InlineData("regression", "sdca")]
    [InlineData("regression", "fasttree")]
    [InlineData("regression", "lightgbm")]
    public void Validate_EveryAlgorithmOfItsTask_RoundTripsThroughTheCanonicalForm(string task, string algorithm)
    {
        var definition = Read(task, $"{{ family: mlnet, algorithm: {algorithm} }}");

        var canonical = ModelDefinitionReader.ToCanonicalJson(definition);
        var again = ModelDefinitionReader.FromStored(canonical);

        again.Pipeline.MlNet.ShouldNotBeNull().Algorithm.ShouldBe(algorithm);
        again.Pipeline.MlNet.Options.ShouldBeEmpty();
        ModelDefinitionReader.ToCanonicalJson(again).ShouldBe(canonical);
        canonical.ShouldContain($"\"trainer\":{{\"family\":\"mlnet\",\"algorithm\":\"{algorithm}\"}}");
    }

    [Fact]
    public void Validate_GivenOptions_AreKeptSortedInTheCanonicalForm()
    {
        var definition = Read("regression", "{ family: mlnet, algorithm: fasttree, options: { numberOfTrees: 50, learningRate: 0.1 } }");

        var canonical = ModelDefinitionReader.ToCanonicalJson(definition);

        canonical.ShouldContain("\"trainer\":{\"family\":\"mlnet\",\"algorithm\":\"fasttree\",\"options\":{\"learningRate\":0.1,\"numberOfTrees\":50}}");
        ModelDefinitionReader.FromStored(canonical).Pipeline.MlNet.ShouldBe(definition.Pipeline.MlNet, new SpecComparer());
        ModelDefinitionValidator.DescribeTrainer(definition.Pipeline).ShouldBe("mlnet:fasttree{learningRate=0.1,numberOfTrees=50}");
    }

    [Fact]
    public void Validate_OurTrainersByName_StillWork()
    {
        Read("binary", "logistic-regression").Pipeline.Trainer.ShouldBe(TrainerKind.LogisticRegression);
        var trees = Read("regression", "gradient-boosted-trees");
        trees.Pipeline.Trainer.ShouldBe(TrainerKind.GradientBoostedTrees);
        trees.Pipeline.MlNet.ShouldBeNull();
        ModelDefinitionReader.ToCanonicalJson(trees).ShouldContain("\"trainer\":\"gradient-boosted-trees\"");
    }

    [Theory]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: { leaves: 15 } }", "pipeline.trainer.options.leaves", "is not an option of lightgbm")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: { numberOfLeaves: many } }", "pipeline.trainer.options.numberOfLeaves", "must be a whole number")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: { numberOfLeaves: 2.5 } }", "pipeline.trainer.options.numberOfLeaves", "must be a whole number")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: { numberOfLeaves: 1 } }", "pipeline.trainer.options.numberOfLeaves", "at least 2")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: { learningRate: 0 } }", "pipeline.trainer.options.learningRate", "greater than 0")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: { learningRate: true } }", "pipeline.trainer.options.learningRate", "must be a number")]
    [InlineData("{ family: mlnet, algorithm: lbfgs-logistic-regression, options: { l1Regularization: -1 } }", "pipeline.trainer.options.l1Regularization", "at least 0")]
    [InlineData("{ family: mlnet, algorithm: sdca }", "pipeline.trainer.algorithm", "cannot train a binary model; use one of: lbfgs-logistic-regression, sdca-logistic-regression, fasttree, lightgbm")]
    [InlineData("{ family: mlnet, algorithm: xgboost }", "pipeline.trainer.algorithm", "'xgboost' is not an ML.NET algorithm")]
    [InlineData("{ family: mlnet }", "pipeline.trainer.algorithm", "is required")]
    [InlineData("{ family: sklearn, algorithm: lightgbm }", "pipeline.trainer.family", "'sklearn' is not a trainer family")]
    [InlineData("{ algorithm: lightgbm }", "pipeline.trainer.family", "is required")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, option: {} }", "pipeline.trainer.option", "is not a field of a trainer")]
    [InlineData("{ family: mlnet, algorithm: lightgbm, options: [1] }", "pipeline.trainer.options", "must be an object")]
    [InlineData("[lightgbm]", "pipeline.trainer", "must be a trainer name or an object")]
    [InlineData("mlnet-lightgbm", "pipeline.trainer", "'mlnet-lightgbm' is not a trainer")]
    public void Validate_BadTrainer_NamesTheField(string trainer, string field, string message)
    {
        var errors = Should.Throw<InvalidInputException>(() => Read("binary", trainer)).Errors;

        errors.Keys.ShouldContain(field);
        errors[field].ShouldContain(m => m.Contains(message, StringComparison.Ordinal), $"errors: {string.Join("; ", errors[field])}");
    }

    [Fact]
    public void Validate_HyperParametersWithAnMlNetTrainer_AreRejected()
    {
        var errors = Should.Throw<InvalidInputException>(() => Read("binary", "{ family: mlnet, algorithm: lightgbm }\n  hyperParameters: { rounds: 10 }")).Errors;

        errors["pipeline.hyperParameters"].Single().ShouldContain("pipeline.trainer.options");
    }

    [Fact]
    public void Readme_MlNetSection_ExampleIsValidAndEveryAlgorithmRowListsItsOptionsAndDefaults()
    {
        var readme = File.ReadAllText(FindReadme());
        var start = readme.IndexOf("## ML.NET trainers\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0);
        var section = readme[start..readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal)];
        var yaml = section[(section.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..section.IndexOf("```\n\n|", StringComparison.Ordinal)];
        var example = ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml($"name: m\ntaskType: binary\nlabelClasses: [a, b]\nfeatures: [{{name: x, type: numeric}}]\n{yaml}"));
        example.Pipeline.MlNet.ShouldNotBeNull().Options.Count.ShouldBe(3);

        var rows = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        foreach (var algorithm in MlNetAlgorithms.All)
        {
            var row = rows.Single(r => r.StartsWith($"| `{algorithm.Name}`", StringComparison.Ordinal));
            var same = MlNetAlgorithms.All.FirstOrDefault(a => row.Contains($"as `{a.Name}`", StringComparison.Ordinal));
            foreach (var option in (same ?? algorithm).Options)
            {
                var documented = option.Default is { } value ? $"`{option.Name}` (`{(value is > 0 and < 1e-3 ? value.ToString("0e0", System.Globalization.CultureInfo.InvariantCulture) : value.ToString(System.Globalization.CultureInfo.InvariantCulture))}`)" : $"`{option.Name}`";
                rows.Single(r => r.StartsWith($"| `{(same ?? algorithm).Name}`", StringComparison.Ordinal)).ShouldContain(documented);
            }

            foreach (var task in algorithm.Tasks)
            {
                row.ShouldContain(task switch
                {
                    Ml.Training.TaskKind.BinaryClassification => "binary",
                    Ml.Training.TaskKind.MulticlassClassification => "multiclass",
                    _ => "regression",
                });
            }
        }
    }

    private static string FindReadme()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md next to Feedback.sln");
    }

    private static ModelDefinition Read(string task, string trainer)
    {
        var classes = task switch
        {
            "binary" => "labelClasses: [no, yes]\n",
            "multiclass" => "labelClasses: [a, b, c]\n",
            _ => string.Empty,
        };
        var yaml = $"name: churn\ntaskType: {task}\n{classes}features:\n  - {{ name: tenure, type: numeric }}\npipeline:\n  trainer: {trainer}\n";
        return ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml(yaml));
    }

    private sealed class SpecComparer : IEqualityComparer<MlNetTrainerSpec?>
    {
        public bool Equals(MlNetTrainerSpec? x, MlNetTrainerSpec? y) => x?.ToString() == y?.ToString();

        public int GetHashCode(MlNetTrainerSpec? obj) => obj?.ToString().GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
