using System.Diagnostics;
using System.Text.Json;

namespace Feedback.Bench.Evaluation;

/// <summary>scikit-learn computing the overall AUC, log loss and confusion matrix on the same data, timed by Python.</summary>
internal sealed record SklearnResult(double Seconds, double Auc, double LogLoss, long[] Confusion, double MaxRssMb)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SklearnResult? Run(string python, double[] labels, double[] scores)
    {
        var directory = Directory.CreateTempSubdirectory("feedback-bench-eval-");
        try
        {
            var labelPath = Path.Combine(directory.FullName, "labels.f64");
            var scorePath = Path.Combine(directory.FullName, "scores.f64");
            File.WriteAllBytes(labelPath, System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.AsSpan()).ToArray());
            File.WriteAllBytes(scorePath, System.Runtime.InteropServices.MemoryMarshal.AsBytes(scores.AsSpan()).ToArray());
            var script = Path.Combine(AppContext.BaseDirectory, "sklearn_baseline.py");
            using var process = Process.Start(new ProcessStartInfo(python, [script, labelPath, scorePath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException($"Could not start {python}.");
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"scikit-learn baseline failed ({process.ExitCode}): {error}");
                return null;
            }

            return JsonSerializer.Deserialize<SklearnResult>(output, Json);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
