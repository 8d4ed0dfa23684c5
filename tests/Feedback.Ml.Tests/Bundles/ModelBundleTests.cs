using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Ml.Tests.Data;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;
using Feedback.Ml.Training.Trees;
using Feedback.Ml.Transforms;

namespace Feedback.Ml.Tests.Bundles;

public sealed class ModelBundleTests
{
    private static TabularData Data(int rows, int seed)
    {
        var random = new Random(seed);
        string[] countries = ["DE", "FR", "IT", "ES"];
        string[] words = ["cheap", "flight", "refund", "urgent", "hotel", "card"];
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());
        for (var i = 0; i < rows; i++)
        {
            var amount = random.Next(1, 500);
            var country = countries[random.Next(countries.Length)];
            var note = string.Join(' ', Enumerable.Range(0, 3).Select(_ => words[random.Next(words.Length)]));
            var fraud = amount > 300 || note.Contains("urgent", StringComparison.Ordinal) ? random.NextDouble() < 0.8 : random.NextDouble() < 0.1;
            builder.Add(TestSchemas.Row(amount, country, note, random.Next(2) == 1, fraud ? "fraud" : "ok"));
        }

        return builder.Build();
    }

    internal static ModelBundle TrainBundle(int rows = 400, int seed = 1)
    {
        var data = Data(rows, seed);
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 12 }).Fit(data);
        var model = new LogisticRegressionTrainer().Fit(data.ToTrainingSet(transform.Apply(data)));
        return new ModelBundle(transform, model, new ModelMetadata
        {
            TrainerName = LogisticRegressionTrainer.Name,
            HyperParameters = new Dictionary<string, string> { ["l2"] = "0.0001" },
            TrainingRows = rows,
            DataHash = "sha256:test",
            ParentModelId = "model-1",
            CreatedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            LabelClasses = ["ok", "fraud"],
        });
    }

    private static ModelBundle RoundTrip(ModelBundle bundle)
    {
        var stream = new MemoryStream();
        bundle.Save(stream);
        stream.Position = 0;
        return ModelBundle.Load(stream);
    }

    [Fact]
    public void SaveLoad_PredictsBitIdenticalScores()
    {
        var bundle = TrainBundle();
        var probe = Data(50, seed: 2);

        var loaded = RoundTrip(bundle);

        loaded.PredictBatch(probe).ShouldBe(bundle.PredictBatch(probe));
        loaded.Metadata.ParentModelId.ShouldBe("model-1");
        loaded.Metadata.CreatedAt.ShouldBe(bundle.Metadata.CreatedAt);
        loaded.Metadata.LabelClasses.ShouldBe(["ok", "fraud"]);
        loaded.Metadata.HyperParameters["l2"].ShouldBe("0.0001");
        loaded.Schema.Select(f => (f.Name, f.Type, f.Role)).ShouldBe(bundle.Schema.Select(f => (f.Name, f.Type, f.Role)));
    }

    [Fact]
    public void SaveLoad_TreeEnsembleBundle_PredictsBitIdenticalScores()
    {
        var data = Data(400, seed: 3);
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 10 }).Fit(data);
        var trees = new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions { Rounds = 20, MinExamplesPerLeaf = 5 })
            .Fit(data.ToTrainingSet(transform.Apply(data)));
        var bundle = new ModelBundle(transform, trees, new ModelMetadata { TrainerName = "gbdt", LabelClasses = ["ok", "fraud"] });
        var probe = Data(50, seed: 4);

        var loaded = RoundTrip(bundle);

        loaded.Predictor.ShouldBeOfType<TreeEnsemblePredictor>();
        loaded.PredictBatch(probe).ShouldBe(bundle.PredictBatch(probe));
    }

    [Fact]
    public void Predict_SingleRowMatchesBatch()
    {
        var bundle = TrainBundle();
        var row = TestSchemas.Row(420, "FR", "urgent refund", null);
        var builder = new TabularDataBuilder(bundle.Schema);
        builder.Add(row);

        var single = bundle.Predict(row);
        var batch = bundle.PredictBatch(builder.Build());

        single.ShouldBe(batch);
        single.Sum().ShouldBe(1.0, 1e-12);
    }

    [Fact]
    public void Predict_ConcurrentCallers_GetConsistentScores()
    {
        var bundle = TrainBundle();
        var rows = Enumerable.Range(0, 64).Select(i => (IReadOnlyDictionary<string, object?>)TestSchemas.Row(i * 7, i % 2 == 0 ? "DE" : "IT", $"card {i}", i % 3 == 0)).ToArray();
        var expected = rows.Select(bundle.Predict).ToArray();

        var actual = new double[rows.Length][];
        Parallel.For(0, rows.Length * 20, i => actual[i % rows.Length] = bundle.Predict(rows[i % rows.Length]));

        actual.ShouldBe(expected);
    }

    [Fact]
    public void Load_NewerMinimumReaderVersion_ThrowsClearly()
    {
        var stream = new MemoryStream();
        TrainBundle().Save(stream);
        var bytes = stream.ToArray();
        BitConverter.GetBytes(99).CopyTo(bytes, 8);
        BitConverter.GetBytes(99).CopyTo(bytes, 12);

        var ex = Should.Throw<InvalidDataException>(() => ModelBundle.Load(new MemoryStream(bytes)));

        ex.Message.ShouldContain("format version 99 and needs a reader of version 99 or later; this library reads up to version 1");
    }

    [Fact]
    public void Load_NotABundle_Throws() =>
        Should.Throw<InvalidDataException>(() => ModelBundle.Load(new MemoryStream("not a model at all"u8.ToArray())))
            .Message.ShouldContain("bad signature");

    [Fact]
    public void Load_Truncated_Throws()
    {
        var stream = new MemoryStream();
        TrainBundle().Save(stream);

        Should.Throw<InvalidDataException>(() => ModelBundle.Load(new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)])));
    }

    [Fact]
    public void PredictorFormats_UnknownTag_ThrowsListingRegistered() =>
        Should.Throw<InvalidDataException>(() => PredictorFormats.Read("forest", new BinaryReader(new MemoryStream())))
            .Message.ShouldContain("no reader is registered for that format (registered: linear");

    [Fact]
    public void Constructor_PredictorColumnsDifferFromTransform_Throws()
    {
        var bundle = TrainBundle();
        var other = TrainBundle(rows: 100, seed: 3);
        var otherTransform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 10 }).Fit(Data(50, 4));

        Should.Throw<ArgumentException>(() => new ModelBundle(otherTransform, bundle.Predictor, other.Metadata));
    }
}
