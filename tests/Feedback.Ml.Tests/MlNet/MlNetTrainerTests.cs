using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Ml.MlNet;
using Feedback.Ml.Tests.Data;
using Feedback.Ml.Tests.Trees;
using Feedback.Ml.Training;
using Feedback.Ml.Training.MlNet;
using Feedback.Ml.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Ml.Tests.MlNet;

/// <summary>Every ML.NET algorithm × task on generated data: it learns, its bundle payload round-trips with identical
/// scores, and its model file loads in a fresh ML.NET context with the same scores.</summary>
public sealed class MlNetTrainerTests
{
    public static TheoryData<string, TaskKind> AlgorithmTasks()
    {
        var data = new TheoryData<string, TaskKind>();
        foreach (var algorithm in MlNetAlgorithms.All)
        {
            foreach (var task in algorithm.Tasks)
            {
                data.Add(algorithm.Name, task);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AlgorithmTasks))]
    public void Train_EveryAlgorithmAndTask_LearnsTheSignal(string algorithm, TaskKind task)
    {
        var train = Generated(task, 1500, seed: 1);
        var test = Generated(task, 500, seed: 2);
        var progress = new List<TrainingProgress>();

        var result = new MlNetTrainer(new MlNetTrainerSpec(algorithm, new Dictionary<string, double>()))
            .Train(train, progress: new SyncProgress(progress.Add));

        result.WarmStarted.ShouldBeFalse();
        progress.ShouldHaveSingleItem().TrainingLoss.ShouldBe(result.TrainingLoss);
        double.IsFinite(result.TrainingLoss).ShouldBeTrue();
        var scores = Score(result.Predictor, test);
        if (task == TaskKind.Regression)
        {
            RSquared(scores, test.Labels).ShouldBeGreaterThan(0.8, $"{algorithm} on regression");
        }
        else
        {
            Accuracy(scores, test.Labels, result.Predictor.OutputCount).ShouldBeGreaterThan(0.8, $"{algorithm} on {task}");
            for (var row = 0; row < test.RowCount; row++)
            {
                scores.AsSpan(row * result.Predictor.OutputCount, result.Predictor.OutputCount).ToArray().Sum().ShouldBe(1, 1e-5, "probabilities");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AlgorithmTasks))]
    public void SaveLoad_EveryAlgorithmAndTask_ScoresIdentically(string algorithm, TaskKind task)
    {
        var train = Generated(task, 600, seed: 3);
        var test = Generated(task, 200, seed: 4);
        var predictor = new MlNetTrainer(new MlNetTrainerSpec(algorithm, new Dictionary<string, double>())).Train(train).Predictor;

        var loaded = RoundTrip(predictor);

        loaded.ShouldBeOfType<MlNetPredictor>().Algorithm.ShouldBe(algorithm);
        loaded.ColumnNames.ShouldBe(predictor.ColumnNames);
        Score(loaded, test).ShouldBe(Score(predictor, test));
        ScoreModelFile(predictor.ModelFile, task, test).ShouldBe(Score(predictor, test), 1e-6);
    }

    [Fact]
    public void Predict_ConcurrentCallers_ScoreLikeOneCaller()
    {
        var train = Generated(TaskKind.MulticlassClassification, 800, seed: 5);
        var predictor = new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.LightGbm, new Dictionary<string, double> { ["numberOfIterations"] = 30 })).Train(train).Predictor;
        var sequential = Score(predictor, train);

        var parallel = new double[sequential.Length];
        Parallel.For(0, train.RowCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, row =>
            predictor.Predict(train.Features.RowIndices(row), train.Features.RowValues(row), parallel.AsSpan(row * 3, 3)));

        parallel.ShouldBe(sequential);
    }

    [Fact]
    public void Train_Options_ReachMlNet()
    {
        var train = Generated(TaskKind.Regression, 600, seed: 6);
        var test = Generated(TaskKind.Regression, 200, seed: 7);
        MlNetTrainer Trainer(double trees) => new(new MlNetTrainerSpec(MlNetAlgorithms.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = trees }));

        var one = Trainer(1).Train(train);
        var many = Trainer(200).Train(train);

        one.Iterations.ShouldBe(1);
        many.Iterations.ShouldBe(200);
        RSquared(Score(one.Predictor, test), test.Labels).ShouldBeLessThan(RSquared(Score(many.Predictor, test), test.Labels));
    }

    [Fact]
    public void Bundle_WithAFittedTransform_ServesRawRowsLikeTheBatchPath()
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());
        var random = new Random(8);
        for (var i = 0; i < 600; i++)
        {
            var amount = random.Next(1, 500);
            var country = new[] { "DE", "FR", "IT" }[random.Next(3)];
            var fraud = amount > 300 ? random.NextDouble() < 0.9 : random.NextDouble() < 0.1;
            builder.Add(TestSchemas.Row(amount, country, fraud ? "urgent refund" : "hotel", random.Next(2) == 1, fraud ? "fraud" : "ok"));
        }

        var data = builder.Build();
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 8 }).Fit(data);
        var predictor = new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.LightGbm, new Dictionary<string, double>())).Train(data.ToTrainingSet(transform.Apply(data))).Predictor;
        var bundle = new ModelBundle(transform, predictor, new ModelMetadata { TrainerName = "mlnet:lightgbm", LabelClasses = ["ok", "fraud"] });
        MlNetFormat.Register();
        using var stream = new MemoryStream();
        bundle.Save(stream);
        stream.Position = 0;

        var loaded = ModelBundle.Load(stream);

        loaded.PredictBatch(data).ShouldBe(bundle.PredictBatch(data));
        var row = TestSchemas.Row(450, "DE", "urgent refund", true);
        loaded.Predict(row)[1].ShouldBeGreaterThan(0.5);
        loaded.Predict(TestSchemas.Row(20, "FR", "hotel", false))[1].ShouldBeLessThan(0.5);
    }

    [Fact]
    public void Train_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() =>
            new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.LbfgsLogisticRegression, new Dictionary<string, double>()))
                .Train(Generated(TaskKind.BinaryClassification, 100, 9), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Train_AlgorithmNotForTheTask_Throws() =>
        Should.Throw<ArgumentException>(() => new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.Sdca, new Dictionary<string, double>()))
            .Train(Generated(TaskKind.BinaryClassification, 100, 10))).Message.ShouldContain("cannot train");

    [Fact]
    public void Load_CorruptModelFile_IsInvalidData()
    {
        var predictor = new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 5 }))
            .Train(Generated(TaskKind.Regression, 200, seed: 19)).Predictor;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            predictor.Save(writer);
        }

        var bytes = stream.ToArray();
        var file = predictor.ModelFile.Length;
        Array.Fill(bytes, (byte)0x5A, bytes.Length - file + 40, file - 80);

        using var reader = new BinaryReader(new MemoryStream(bytes));
        Should.Throw<InvalidDataException>(() => MlNetPredictor.Load(reader));
    }

    internal static IPredictor RoundTrip(IPredictor predictor)
    {
        MlNetFormat.Register();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            predictor.Save(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var loaded = PredictorFormats.Read(predictor.FormatTag, reader);
        stream.Position.ShouldBe(stream.Length, "the reader consumes exactly the payload");
        return loaded;
    }

    /// <summary>Linear signal with noise over 6 uniform columns: binary sign, 3-class argmax, or a real target.</summary>
    internal static TrainingSet Generated(TaskKind task, int rows, int seed, int columns = 6)
    {
        var matrix = TreeData.Uniform(rows, columns, seed);
        var random = new Random(seed + 1000);
        double X(int row, int column) => TreeData.Value(matrix, row, column);
        var labels = new double[rows];
        for (var row = 0; row < rows; row++)
        {
            var noise = (random.NextDouble() - 0.5) * 0.2;
            labels[row] = task switch
            {
                TaskKind.BinaryClassification => X(row, 0) + 0.5 * X(row, 1) + noise > 0 ? 1 : 0,
                TaskKind.MulticlassClassification => new[] { X(row, 0), X(row, 1), -X(row, 0) - X(row, 1) }.Select((v, i) => (v, i)).MaxBy(p => p.v).i,
                _ => 2 * X(row, 0) - X(row, 1) + noise,
            };
        }

        var classes = task switch
        {
            TaskKind.BinaryClassification => 2,
            TaskKind.MulticlassClassification => 3,
            _ => 1,
        };
        return new TrainingSet(matrix, labels, task, classes);
    }

    internal static double[] Score(IPredictor predictor, TrainingSet set)
    {
        var k = predictor.OutputCount;
        var output = new double[set.RowCount * k];
        for (var row = 0; row < set.RowCount; row++)
        {
            predictor.Predict(set.Features.RowIndices(row), set.Features.RowValues(row), output.AsSpan(row * k, k));
        }

        return output;
    }

    /// <summary>Scores through nothing but ML.NET: a fresh context loads the model file, as a user's app would.</summary>
    private static double[] ScoreModelFile(ReadOnlyMemory<byte> file, TaskKind task, TrainingSet set)
    {
        var ml = new MLContext();
        using var stream = new MemoryStream(file.ToArray());
        var model = ml.Model.Load(stream, out var inputSchema);
        inputSchema["Features"].Type.ShouldBeOfType<VectorDataViewType>().Size.ShouldBe(set.Features.ColumnCount);
        var rows = Enumerable.Range(0, set.RowCount).Select(r => new Input
        {
            Features = new VBuffer<float>(set.Features.ColumnCount, set.Features.RowIndices(r).Length, set.Features.RowValues(r).ToArray(), set.Features.RowIndices(r).ToArray()),
        });
        var definition = SchemaDefinition.Create(typeof(Input));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, set.Features.ColumnCount);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows, definition));
        return task switch
        {
            TaskKind.BinaryClassification => scored.GetColumn<float>("Probability").SelectMany(p => new[] { 1 - (double)p, p }).ToArray(),
            TaskKind.MulticlassClassification => scored.GetColumn<float[]>("Score").SelectMany(s => s.Select(v => (double)v)).ToArray(),
            _ => scored.GetColumn<float>("Score").Select(v => (double)v).ToArray(),
        };
    }

    private static double Accuracy(double[] scores, double[] labels, int k)
    {
        var right = 0;
        for (var row = 0; row < labels.Length; row++)
        {
            var span = scores.AsSpan(row * k, k);
            right += span.IndexOf(span.ToArray().Max()) == (int)labels[row] ? 1 : 0;
        }

        return (double)right / labels.Length;
    }

    private static double RSquared(double[] predictions, double[] labels)
    {
        var mean = labels.Average();
        var residual = predictions.Zip(labels, (p, y) => (p - y) * (p - y)).Sum();
        var total = labels.Sum(y => (y - mean) * (y - mean));
        return 1 - residual / total;
    }

    private sealed class Input
    {
        public VBuffer<float> Features { get; set; }
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
