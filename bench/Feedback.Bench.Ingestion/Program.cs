using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Feedback.Core.Storage;
using Feedback.Testing;

namespace Feedback.Bench.Ingestion;

/// <summary>Ingestion benchmark: HTTP ingestion of feedback and predictions through the real web host, beside the raw
/// insert path, on SQLite and PostgreSQL. Prints a Markdown table of rows/s, latency, ratio and PASS/FAIL.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"{exception.Message}\n{BenchOptions.Usage}");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        if (options.Databases.Contains(DatabaseProvider.PostgreSql)
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresTestDatabase.ServerVariable)))
        {
            await Console.Error.WriteLineAsync(
                $"PostgreSQL needs {PostgresTestDatabase.ServerVariable} (a server connection string): run ./scripts/bench.sh, which starts a throwaway server, or pass --only sqlite.");
            return 2;
        }

        // WebApplicationFactory finds the web app's content root through MvcTestingAppManifest.json in the current
        // directory, which the test runner sets to the output folder; do the same so `dotnet run` works from anywhere.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        PrintSetup(options);
        var results = new List<ResultRow>();
        foreach (var provider in options.Databases)
        {
            results.AddRange(await new DatabaseBenchmark(options, provider).RunAsync());
        }

        Console.WriteLine();
        Console.WriteLine(MarkdownTable.Render(results));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            rows/s and latency: closed loop, {options.Clients} concurrent clients, {options.Duration.TotalSeconds:0.#} s measured per scenario in {options.Rounds} rounds
            interleaved with the baseline, each after {options.Warmup.TotalSeconds:0.#} s of warm-up; latency per request.
            baseline: the same rows written by the raw path (PostgreSQL binary COPY, SQLite prepared INSERTs in one transaction) with
            the same batch size ({options.BatchSize}) and {options.Clients} concurrent writers; ratio = HTTP rows/s / baseline rows/s.
            Fixed-rate: open loop, latency measured from each request's scheduled start (no coordinated omission).
            """));
        return 0;
    }

    private static void PrintSetup(BenchOptions options) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingestion benchmark on {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC; client and server share this process and machine. " +
            $"{options.Clients} clients, batch {options.BatchSize}, {options.Duration.TotalSeconds:0.#} s per scenario in {options.Rounds} rounds of {options.Warmup.TotalSeconds:0.#} s warm-up + {(options.Duration / options.Rounds).TotalSeconds:0.#} s."));
}
