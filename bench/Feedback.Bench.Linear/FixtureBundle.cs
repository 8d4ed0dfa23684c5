using System.Globalization;
using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;
using Feedback.Ml.Transforms;

namespace Feedback.Bench.Linear;

/// <summary>Writes tests/Feedback.Ml.Tests/Fixtures/Bundles/linear-v1.fbmodel (the bundle BundleFixtureTests loads) and
/// prints the scores that test pins. The schema mirrors the tests' TestSchemas.Mixed.</summary>
internal static class FixtureBundle
{
    public static void Write(string path)
    {
        var schema = new FeatureSchema(
        [
            new FeatureSpec("amount", FeatureType.Numeric, Required: false),
            new FeatureSpec("country", FeatureType.Categorical, Required: false),
            new FeatureSpec("note", FeatureType.Text, Required: false),
            new FeatureSpec("premium", FeatureType.Boolean, Required: false),
            new FeatureSpec("region", FeatureType.Categorical, Required: false, Role: FeatureRole.SliceOnly),
            new FeatureSpec("id", FeatureType.Categorical, Required: false, Role: FeatureRole.Id),
        ]);
        var random = new Random(11);
        string[] countries = ["DE", "FR", "IT", "ES"];
        string[] words = ["cheap", "flight", "refund", "urgent", "hotel", "card"];
        var builder = new TabularDataBuilder(schema, new LabelDefinition("label", TaskKind.BinaryClassification, ["ok", "fraud"]));
        for (var i = 0; i < 300; i++)
        {
            var amount = random.Next(1, 500);
            var note = string.Join(' ', Enumerable.Range(0, 3).Select(_ => words[random.Next(words.Length)]));
            var fraud = amount > 300 || note.Contains("urgent", StringComparison.Ordinal) ? random.NextDouble() < 0.8 : random.NextDouble() < 0.1;
            builder.Add(new Dictionary<string, object?>
            {
                ["amount"] = amount,
                ["country"] = countries[random.Next(countries.Length)],
                ["note"] = note,
                ["premium"] = random.Next(2) == 1,
                ["label"] = fraud ? "fraud" : "ok",
            });
        }

        var data = builder.Build();
        var options = new FeatureTransformOptions { TextHashBits = 10, NumericOverrides = new Dictionary<string, NumericEncoding> { ["amount"] = NumericEncoding.QuantileBuckets } };
        var transform = new FeatureTransformEstimator(options).Fit(data);
        var model = new LogisticRegressionTrainer().Fit(data.ToTrainingSet(transform.Apply(data)));
        var bundle = new ModelBundle(transform, model, new ModelMetadata
        {
            TrainerName = LogisticRegressionTrainer.Name,
            HyperParameters = new Dictionary<string, string> { ["l2"] = "0.0001" },
            TrainingRows = data.RowCount,
            DataHash = "fixture",
            CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            LabelClasses = ["ok", "fraud"],
        });
        using (var stream = File.Create(path))
        {
            bundle.Save(stream);
        }

        Dictionary<string, object?>[] probes =
        [
            new() { ["amount"] = 420, ["country"] = "FR", ["note"] = "urgent refund", ["premium"] = true },
            new() { ["amount"] = 15, ["country"] = "DE", ["note"] = "cheap hotel", ["premium"] = null },
        ];
        foreach (var probe in probes)
        {
            Console.WriteLine(bundle.Predict(probe)[1].ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
