using System.Globalization;
using Feedback.Core.Storage;

namespace Feedback.Bench.Ingestion;

/// <summary>Command-line options, parsed by hand: a handful of <c>--name value</c> pairs need no parser library.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: Feedback.Bench.Ingestion [options]
          --duration SECONDS       measured time per closed-loop scenario, over all rounds (default 6)
          --rounds N               the raw baseline and the HTTP scenarios of a table are measured in N interleaved
                                   rounds, so that background noise hits them alike (default 3)
          --warmup SECONDS         load before each measured slice, not counted (default 1)
          --jit-warmup SECONDS     mixed load over all paths before the first measurement on each database, so the
                                   JIT has fully compiled them (default 6)
          --clients N              concurrent HTTP clients, and concurrent raw writers for the baseline (default 8)
          --batch N                rows per batch, HTTP and raw baseline alike (default 500)
          --only sqlite|postgres   run one database only (default: both)
          --rate N                 requests/s of the fixed-rate single-event test on PostgreSQL (default 500)
          --rate-duration SECONDS  measured time of the fixed-rate test (default 10)
          --breakdown              also time the product's ingestion store called in process (no HTTP), to tell
                                   web-layer cost from storage cost (adds two scenarios per database)
        PostgreSQL needs FEEDBACK_TEST_POSTGRES (a server connection string); ./scripts/bench.sh starts a throwaway server and sets it.
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(6);

    public int Rounds { get; init; } = 3;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan JitWarmup { get; init; } = TimeSpan.FromSeconds(6);

    public int Clients { get; init; } = 8;

    public int BatchSize { get; init; } = 500;

    public IReadOnlyList<DatabaseProvider> Databases { get; init; } = [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public int FixedRate { get; init; } = 500;

    public TimeSpan FixedRateDuration { get; init; } = TimeSpan.FromSeconds(10);

    public bool Breakdown { get; init; }

    public bool ShowHelp { get; init; }

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help" or "--breakdown")
            {
                options = name == "--breakdown" ? options with { Breakdown = true } : options with { ShowHelp = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--duration" => options with { Duration = Seconds(name, value) },
                "--rounds" => options with { Rounds = Positive(name, value) },
                "--warmup" => options with { Warmup = Seconds(name, value, allowZero: true) },
                "--jit-warmup" => options with { JitWarmup = Seconds(name, value, allowZero: true) },
                "--clients" => options with { Clients = Positive(name, value) },
                "--batch" => options with { BatchSize = Positive(name, value) },
                "--only" => options with { Databases = [Database(value)] },
                "--rate" => options with { FixedRate = Positive(name, value) },
                "--rate-duration" => options with { FixedRateDuration = Seconds(name, value) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        return options;
    }

    private static TimeSpan Seconds(string name, string value, bool allowZero = false) =>
        double.TryParse(value, CultureInfo.InvariantCulture, out var seconds) && (seconds > 0 || (allowZero && seconds == 0))
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} must be a number of seconds, was '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, was '{value}'.");

    private static DatabaseProvider Database(string value) => value.ToUpperInvariant() switch
    {
        "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" or "PG" => DatabaseProvider.PostgreSql,
        _ => throw new ArgumentException($"--only takes sqlite or postgres, was '{value}'."),
    };
}
