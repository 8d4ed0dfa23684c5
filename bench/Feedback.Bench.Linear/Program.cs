using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Feedback.Bench.Linear;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;

// Linear benchmark. Run through scripts/bench-linear.sh, which makes the data with sklearn_reference.py first.
//   Feedback.Bench.Linear --data DIR       compare with scikit-learn on DIR's matrices, then the warm-start check
//   Feedback.Bench.Linear fixture PATH     write the checked-in test bundle and print its pinned scores
if (args.Length == 2 && args[0] == "fixture")
{
    FixtureBundle.Write(args[1]);
    return 0;
}

var dataIndex = Array.IndexOf(args, "--data");
if (dataIndex < 0 || dataIndex + 1 >= args.Length)
{
    Console.Error.WriteLine("usage: Feedback.Bench.Linear --data DIR | fixture PATH");
    return 2;
}

var dir = args[dataIndex + 1];
var references = File.ReadAllLines(Path.Combine(dir, "reference.jsonl"))
    .Select(line => JsonSerializer.Deserialize<Reference>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
    .ToArray();
var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"Cores: {Environment.ProcessorCount}. Both sides: C = 1, tol = 1e-4 (ours: L2 = 1/(C·n), gradient tolerance = tol/n), max 100 iterations.");
Console.WriteLine();
Console.WriteLine("| dataset | rows | features | metric | ours | scikit-learn | our fit (s) | sklearn fit (s) | time ratio | our iters | sklearn iters | result |");
Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
var failures = 0;
var warmedUp = false;
foreach (var reference in references)
{
    var train = MatrixFile.Read(Path.Combine(dir, $"{reference.Name}.train.bin"));
    var test = MatrixFile.Read(Path.Combine(dir, $"{reference.Name}.test.bin"));
    var trainer = new LogisticRegressionTrainer(OptionsFor(reference, train.RowCount));
    if (!warmedUp)
    {
        trainer.Train(train); // JIT warm-up, untimed.
        warmedUp = true;
    }

    // Same rule as sklearn_reference.py's repeats_for: best of 3 fits (2 for the largest), as the machine is shared.
    var repeats = train.Features.Indices.Length < 20_000_000 ? 3 : 2;
    LinearTrainingResult? result = null;
    var best = double.PositiveInfinity;
    for (var r = 0; r < repeats; r++)
    {
        var watch = Stopwatch.StartNew();
        result = trainer.Train(train);
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }

    var ours = reference.Metric == "auc" ? Metrics.Auc(result!.Predictor, test) : Metrics.Accuracy(result!.Predictor, test);
    var qualityOk = reference.Metric == "auc" ? ours >= reference.Value - 0.005 : ours >= reference.Value - 0.01;
    var ratio = best / reference.FitSeconds;
    var pass = qualityOk && ratio <= 1.5;
    failures += pass ? 0 : 1;
    var verdict = pass ? "PASS" : $"FAIL ({(qualityOk ? string.Empty : "quality ")}{(ratio <= 1.5 ? string.Empty : "time")})".Replace("( ", "(", StringComparison.Ordinal);
    Console.WriteLine(string.Create(inv,
        $"| {reference.Name} | {reference.Rows:N0} | {reference.Features:N0} | {reference.Metric} | {ours:F4} | {reference.Value:F4} | {best:F3} | {reference.FitSeconds:F3} | {ratio:F2} | {result.Iterations} | {reference.Iterations} | {verdict} |"));
}

Console.WriteLine();
Console.WriteLine("Warm start: the parent is trained on the first 10/11 of the training rows; then 10 % new rows arrive. Iterations until");
Console.WriteLine("the held-out log-loss is within ±0.002 of the cold model's final held-out loss (target: warm ≤ half of cold).");
Console.WriteLine();
Console.WriteLine("| dataset | cold iters (to ±0.002) | warm iters (to ±0.002) | cold total | warm total | cold held-out loss | warm held-out loss | result |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var reference in references.Where(r => r.Name.StartsWith("synthetic", StringComparison.Ordinal) || r.Name.StartsWith("large", StringComparison.Ordinal)))
{
    var train = MatrixFile.Read(Path.Combine(dir, $"{reference.Name}.train.bin"));
    var test = MatrixFile.Read(Path.Combine(dir, $"{reference.Name}.test.bin"));
    var trainer = new LogisticRegressionTrainer(OptionsFor(reference, train.RowCount));
    var parentRows = (int)(train.RowCount * 10L / 11);
    var parent = trainer.Train(Subset.FirstRows(train, parentRows)).Predictor;
    var coldCurve = new List<double> { Math.Log(train.ClassCount) }; // Zero weights predict uniform probabilities.
    var cold = trainer.Train(train, test, progress: new Collect(coldCurve));
    var warmCurve = new List<double> { LogisticRegressionTrainer.MeanLogLoss(parent, test) };
    var warm = trainer.Train(train, test, parent, new Collect(warmCurve));
    var target = coldCurve[^1];
    var coldReach = coldCurve.FindIndex(l => Math.Abs(l - target) <= 0.002);
    var warmReach = warmCurve.FindIndex(l => Math.Abs(l - target) <= 0.002);
    var ok = warmReach >= 0 && warmReach * 2 <= coldReach;
    failures += ok ? 0 : 1;
    Console.WriteLine(string.Create(inv,
        $"| {reference.Name} | {coldReach} | {warmReach} | {cold.Iterations} | {warm.Iterations} | {coldCurve[^1]:F5} | {warmCurve[^1]:F5} | {(ok ? "PASS" : "FAIL")} |"));
}

return failures == 0 ? 0 : 1;

static LogisticRegressionOptions OptionsFor(Reference reference, int trainRows) => new()
{
    L2 = 1 / (reference.C * trainRows),
    GradientTolerance = reference.Tol / trainRows,
    MaxIterations = reference.MaxIter,
};

internal sealed record Reference(string Name, int Rows, int Features, int Classes, string Metric, double Value, double FitSeconds, int Iterations, double C, double Tol, int MaxIter, int TrainRows);

internal sealed class Collect(List<double> curve) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => curve.Add(value.ValidationLoss!.Value);
}
