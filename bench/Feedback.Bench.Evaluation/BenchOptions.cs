using System.Globalization;

namespace Feedback.Bench.Evaluation;

/// <summary>Command-line options: --rows, --samples, --repeat, --python, --no-python.</summary>
internal sealed record BenchOptions(int Rows, int BootstrapSamples, int Repeat, string Python, bool SkipPython)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(1_000_000, 20, 3, "/usr/bin/python3", SkipPython: false);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--rows" => options with { Rows = Int(args, ++i) },
                "--samples" => options with { BootstrapSamples = Int(args, ++i) },
                "--repeat" => options with { Repeat = Int(args, ++i) },
                "--python" when i + 1 < args.Length => options with { Python = args[++i] },
                "--no-python" => options with { SkipPython = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --rows N, --samples N, --repeat N, --python PATH, --no-python."),
            };
        }

        return options;
    }

    private static int Int(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{args[i - 1]} needs a positive integer.");
}
