using System.Text.RegularExpressions;
using Feedback.Core.Models;

namespace Feedback.Core.Tests.Models;

/// <summary>The model definitions README shows a newcomer are valid as written, so the reference cannot rot.</summary>
public sealed partial class ReadmeDefinitionExamplesTests
{
    [Fact]
    public void ReferenceExample_IsAValidDefinition_WithTheDocumentedSettings()
    {
        var yaml = YamlBlocksOf(Section("## Model definition reference")).Single();

        var definition = ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml(yaml));

        definition.Name.ShouldBe("churn");
        definition.Pipeline.Trainer.ShouldBe(TrainerKind.GradientBoostedTrees);
        definition.Pipeline.HyperParameters["rounds"].ShouldBe(200);
        definition.Pipeline.MinExamples.ShouldBe(200);
        definition.Evaluation.Config.MetricThresholds.Count.ShouldBe(1);
        definition.Triggers.NewLabels.ShouldBe(500);
        definition.Approval.ShouldBe(new ApprovalSettings(ApprovalMode.Manual, TimeSpan.FromHours(4)));
    }

    [Fact]
    public void TourDefinition_IsAValidDefinition()
    {
        var tour = Section("## A 5-minute tour");
        var yaml = YamlHeredoc().Match(tour);
        yaml.Success.ShouldBeTrue("the tour writes model.yaml with a heredoc");

        var definition = ModelDefinitionValidator.Validate(ModelDefinitionReader.FromYaml(yaml.Groups["yaml"].Value));

        definition.Name.ShouldBe("ticket-escalation");
    }

    [Fact]
    public void DocumentedHyperParameterNames_AreTheOnesTheValidatorAccepts()
    {
        var reference = Section("## Model definition reference");
        var row = reference.Split('\n').Single(line => line.StartsWith("| `hyperParameters`", StringComparison.Ordinal));

        foreach (Match name in BacktickedParameter().Matches(row))
        {
            var trainer = name.Index < row.IndexOf("Trees:", StringComparison.Ordinal) ? "logistic-regression" : "gradient-boosted-trees";
            var document = ModelDefinitionReader.FromYaml(
                $"name: m\ntaskType: binary\nlabelClasses: [a, b]\nfeatures: [{{name: x, type: numeric}}]\npipeline: {{trainer: {trainer}, hyperParameters: {{{name.Groups["name"].Value}: 1}}}}\n");
            Should.NotThrow(() => ModelDefinitionValidator.Validate(document), $"{name.Groups["name"].Value} for {trainer}");
        }
    }

    private static string Section(string heading)
    {
        var readme = File.ReadAllText(FindReadme());
        var start = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"README has a '{heading}' section");
        var end = readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static IEnumerable<string> YamlBlocksOf(string markdown) =>
        YamlFence().Matches(markdown).Select(m => m.Groups["yaml"].Value);

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

        throw new FileNotFoundException("README.md next to Feedback.sln was not found above the test output folder.");
    }

    [GeneratedRegex("```yaml\\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlFence();

    [GeneratedRegex("<<'YAML'\\n(?<yaml>.*?)\\nYAML\\n", RegexOptions.Singleline)]
    private static partial Regex YamlHeredoc();

    [GeneratedRegex("`(?<name>[a-zA-Z0-9]+)` \\(")]
    private static partial Regex BacktickedParameter();
}
