using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Feedback.Bench.Trees;

/// <summary>What sklearn_side.py printed for one dataset: where it wrote the data, its fit time and test metric.</summary>
internal sealed record SklearnResult(string Path, double FitSeconds, double Metric)
{
    /// <summary>Runs the Python side for <paramref name="dataset"/> (export only when <paramref name="fit"/> is false).</summary>
    public static SklearnResult Run(string python, string dataset, string outputDirectory, int rounds, bool fit, int repeat = 1, int? threads = null)
    {
        var script = System.IO.Path.Combine(AppContext.BaseDirectory, "sklearn_side.py");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--dataset", dataset, "--out", outputDirectory, "--rounds", rounds.ToString(CultureInfo.InvariantCulture), "--repeat", repeat.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (threads is { } count)
        {
            // OpenMP's thread count: the equivalent of our MaxDegreeOfParallelism.
            start.Environment["OMP_NUM_THREADS"] = count.ToString(CultureInfo.InvariantCulture);
        }

        if (!fit)
        {
            start.ArgumentList.Add("--no-fit");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sklearn_side.py failed for {dataset} (exit code {process.ExitCode}).");
        }

        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new SklearnResult(
            root.GetProperty("path").GetString()!,
            root.TryGetProperty("fit_seconds", out var seconds) ? seconds.GetDouble() : double.NaN,
            root.TryGetProperty("metric", out var metric) ? metric.GetDouble() : double.NaN);
    }
}
