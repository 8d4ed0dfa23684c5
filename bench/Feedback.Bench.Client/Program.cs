using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Feedback.Client;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Bench.Client;

/// <summary>How much the client's buffer costs: N feedback events sent through <see cref="FeedbackBuffer"/> (queue,
/// background batches, resilient HttpClient) against the same events posted as hand-built JSON batches of the same size
/// with a bare <see cref="HttpClient"/>, in the same process, on the same server and database. Prints events/s and the
/// ratio client / raw (target ≥ 0.8).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
        var provider = Environment.GetEnvironmentVariable(PostgresTestDatabase.ServerVariable) is { Length: > 0 } ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var app = new BenchApp(provider);
        await app.InitializeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Client benchmark: {events} feedback events on {provider}, {Environment.ProcessorCount} cores; client, server and database share this machine."));

        var raws = new List<double>();
        var clients = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            raws.Add(await RawAsync(app, events, round));
            clients.Add(await ClientAsync(app, events, round));
        }

        var raw = Median(raws);
        var client = Median(clients);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw HTTP batches of 500:  {raw,10:N0} events/s (median of 3)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Feedback.Client buffer:   {client,10:N0} events/s (median of 3)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio client / raw:       {client / raw,10:0.00} (target >= 0.80)"));
        return 0;
    }

    private static async Task<double> RawAsync(BenchApp app, int count, int round)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await app.CreateKeyAsync(["feedback"])).Key);
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 500)
        {
            var body = new StringBuilder("{\"events\":[");
            for (var i = start; i < Math.Min(count, start + 500); i++)
            {
                body.Append(i == start ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"{{\"trackingId\":\"raw-{round}-{i}\",\"eventId\":\"e{i}\",\"kind\":\"action\",\"action\":\"click\"}}");
            }

            using var response = await http.PostAsync("api/v1/feedback", new StringContent(body.Append("]}").ToString(), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> ClientAsync(BenchApp app, int count, int round)
    {
        var key = (await app.CreateKeyAsync(["feedback"])).Key;
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddFeedbackClient(o =>
        {
            o.BaseAddress = app.BaseAddress;
            o.ApiKey = key;
            o.MaxBatchSize = 500;
            o.FlushInterval = TimeSpan.FromMilliseconds(50);
        });
        await using var provider = services.BuildServiceProvider();
        var buffer = provider.GetRequiredService<FeedbackBuffer>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await buffer.EnqueueAsync(new FeedbackEvent { TrackingId = $"client-{round}-{i}", EventId = $"e{i}", Kind = "action", Action = "click" });
        }

        await buffer.DisposeAsync();
        var rate = count / watch.Elapsed.TotalSeconds;
        if (buffer.Sent != count)
        {
            throw new InvalidOperationException($"The buffer sent {buffer.Sent} of {count} events.");
        }

        return rate;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class BenchApp(DatabaseProvider provider) : FeedbackAppFixture(provider), IAsyncDisposable
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" };

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
