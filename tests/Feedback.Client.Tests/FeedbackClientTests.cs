using System.Net;
using Feedback.Client;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Client.Tests;

/// <summary>The .NET client against the real server over HTTP, on both databases.</summary>
public abstract class FeedbackClientTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : FeedbackClientTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : FeedbackClientTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task LogPredictions_ThenSendFeedback_TheServerShowsThemTogether()
    {
        await using var services = await ServicesAsync(["admin"]);
        var client = services.GetRequiredService<FeedbackClient>();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(await app.AdminClientAsync());
        var trackingId = TrackingIds.New();

        await client.LogPredictionsAsync(model, [new PredictionRecord
        {
            TrackingId = trackingId,
            Inputs = new Dictionary<string, object?> { ["text"] = "refund please", ["country"] = "DE", ["amount"] = 12.5 },
            Outputs = new PredictionOutputs("yes", new Dictionary<string, double> { ["yes"] = 0.8, ["no"] = 0.2 }),
        }]);
        var result = await client.SendFeedbackAsync([FeedbackEvent.ThumbsDown(trackingId), FeedbackEvent.Correction(trackingId, "no")]);
        var prediction = await client.GetPredictionAsync(model, trackingId);

        result.ShouldBe(new FeedbackResult(2, 0));
        prediction!["feedback"]!.AsArray().Count.ShouldBe(2);
        (await client.GetPredictionAsync(model, "no-such-id")).ShouldBeNull();
    }

    [Fact]
    public async Task SendFeedback_TheServerRefuses_ThrowsWithTheProblemNamingTheField()
    {
        await using var services = await ServicesAsync(["feedback"]);
        var client = services.GetRequiredService<FeedbackClient>();

        var error = await Should.ThrowAsync<FeedbackApiException>(() => client.SendFeedbackAsync([new FeedbackEvent { TrackingId = "t", Kind = "telepathy" }]));

        error.Status.ShouldBe(HttpStatusCode.BadRequest);
        error.Problem.ShouldContain("kind");
    }

    [Fact]
    public async Task Buffer_SendsEveryQueuedEventInBatches_AndFlushesOnDispose()
    {
        var source = $"buffer-{Guid.NewGuid():N}";
        await using var services = await ServicesAsync(["feedback"], source: source, batch: 100);
        var buffer = services.GetRequiredService<FeedbackBuffer>();

        for (var i = 0; i < 2345; i++)
        {
            await buffer.EnqueueAsync(FeedbackEvent.UserAction(TrackingIds.New(), "click"));
        }

        await buffer.DisposeAsync();

        buffer.Sent.ShouldBe(2345);
        buffer.Refused.ShouldBe(0);
        await using var context = app.Database.CreateContext();
        (await context.FeedbackEvents.CountAsync(f => f.Source == source)).ShouldBe(2345);
    }

    [Fact]
    public async Task Buffer_WhenTheServerIsUnreachable_StaysBoundedAndRefusesMore()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddFeedbackClient(o =>
        {
            o.BaseAddress = new Uri("http://127.0.0.1:9/");
            o.ApiKey = "fbk_unreachable_x";
            o.MaxBatchSize = 10;
            o.MaxBufferedEvents = 50;
            o.FlushInterval = TimeSpan.FromMinutes(10);
        });
        await using var provider = services.BuildServiceProvider();
        var buffer = provider.GetRequiredService<FeedbackBuffer>();

        var accepted = 0;
        for (var i = 0; i < 1000; i++)
        {
            accepted += buffer.TryEnqueue(FeedbackEvent.ThumbsUp($"t-{i}")) ? 1 : 0;
        }

        accepted.ShouldBeLessThanOrEqualTo(50 + 10, "at most the buffer plus the batch being sent");
        accepted.ShouldBeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public void Options_WithoutAKey_FailAtStart()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddFeedbackClient(o => o.BaseAddress = new Uri("http://localhost:5080/"));
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FeedbackClientOptions>>().Value).Message.ShouldContain("ApiKey");
    }

    private async Task<ServiceProvider> ServicesAsync(string[] scopes, string? source = null, int batch = 500)
    {
        var key = await app.CreateKeyAsync(scopes, source: source);
        var services = new ServiceCollection().AddLogging();
        services.AddFeedbackClient(o =>
        {
            o.BaseAddress = app.BaseAddress;
            o.ApiKey = key.Key;
            o.MaxBatchSize = batch;
            o.FlushInterval = TimeSpan.FromMilliseconds(200);
        });
        return services.BuildServiceProvider();
    }
}
