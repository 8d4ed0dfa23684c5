using System.Globalization;

namespace Feedback.Bench.Evaluation;

/// <summary>Command-line options: --rows, --samples, --repeat, --python, --no-python.</summary>
internal sealed class BenchOptions
{
    public int Rows { get; private init; } = 1_000_000;

    public int BootstrapSamples { get; private init; } = 20;

    public int Repeat { get; private init; } = 3;

    public string Python { get; private init; } = "/usr/bin/python3";

    public bool SkipPython { get; private init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--rows" => new BenchOptions { Rows = Int(args, ++i), BootstrapSamples = options.BootstrapSamples, Repeat = options.Repeat, Python = options.Python, SkipPython = options.SkipPython },
                "--samples" => new BenchOptions { Rows = options.Rows, BootstrapSamples = Int(args, ++i), Repeat = options.Repeat, Python = options.Python, SkipPython = options.SkipPython },
                "--repeat" => new BenchOptions { Rows = options.Rows, BootstrapSamples = options.BootstrapSamples, Repeat = Int(args, ++i), Python = options.Python, SkipPython = options.SkipPython },
                "--python" => new BenchOptions { Rows = options.Rows, BootstrapSamples = options.BootstrapSamples, Repeat = options.Repeat, Python = args[++i], SkipPython = options.SkipPython },
                "--no-python" => new BenchOptions { Rows = options.Rows, BootstrapSamples = options.BootstrapSamples, Repeat = options.Repeat, Python = options.Python, SkipPython = true },
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
