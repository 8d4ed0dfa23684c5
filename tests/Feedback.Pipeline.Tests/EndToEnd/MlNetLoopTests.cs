using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Pipeline.Tests.EndToEnd;

/// <summary>An ML.NET-trained model goes round the same loop as ours, over HTTP: trained on the fitted transform,
/// evaluated and blessed, pushed, served by <c>:predict</c>, retrained after drift (cold for trees, warm for L-BFGS,
/// with the reason on the Trainer step) and rolled back.</summary>
public abstract class MlNetLoopTests(FeedbackAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await app.AdminClientAsync();

    public Task DisposeAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }

    private static JsonObject Definition(string name, JsonObject trainer, string? window)
    {
        var definition = ContinuousTrainingTests.Definition(name, "automatic", window, changeThreshold: false);
        definition["pipeline"]!["trainer"] = trainer.DeepClone();
        return definition;
    }

    [Fact]
    public async Task LightGbm_TrainsServesRetrainsColdAndRollsBack()
    {
        var model = UniqueNames.Model();
        var trainer = new JsonObject
        {
            ["family"] = "mlnet",
            ["algorithm"] = "lightgbm",
            ["options"] = new JsonObject { ["numberOfIterations"] = 60, ["minimumExampleCountPerLeaf"] = 5 },
        };
        var created = await _admin.PostJsonAsync("/api/v1/models", Definition(model, trainer, null));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var world = new SyntheticWorld(_admin, model, seed: 21);
        await world.LiveAsync(400, (x1, _) => x1 > 0, TimeSpan.FromDays(3));
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);

        var detail1 = await RunToAsync(model, "succeeded");
        detail1["run"]!["outcome"]!.GetValue<string>().ShouldBe("pushed");
        var trainer1 = ContinuousTrainingTests.Step(detail1, "Trainer")["summary"]!;
        trainer1["trainer"]!.GetValue<string>().ShouldBe("mlnet:lightgbm");
        trainer1["warmStart"]!.GetValue<bool>().ShouldBeFalse();
        trainer1["iterations"]!.GetValue<int>().ShouldBe(60);
        var evaluation1 = ContinuousTrainingTests.Step(detail1, "Evaluator")["summary"]!;
        evaluation1["blessed"]!.GetValue<bool>().ShouldBeTrue();
        evaluation1["candidate"]!["auc"]!.GetValue<double>().ShouldBeGreaterThan(0.9);
        var v1 = await PredictAsync(model, 1.5, -1.5);
        v1["version"]!.GetValue<int>().ShouldBe(1);
        v1["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("yes");
        (await PredictAsync(model, -1.5, 1.5))["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("no");

        // Drift: yes when x2 > 0; the window keeps only the new world.
        await world.LiveAsync(400, (_, x2) => x2 > 0, TimeSpan.FromHours(1));
        (await _admin.PutAsync($"/api/v1/models/{model}", System.Net.Http.Json.JsonContent.Create(Definition(model, trainer, "2d")))).IsSuccessStatusCode.ShouldBeTrue();
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);

        var detail2 = await RunToAsync(model, "succeeded");
        detail2["run"]!["producedVersion"]!.GetValue<int>().ShouldBe(2);
        var trainer2 = ContinuousTrainingTests.Step(detail2, "Trainer")["summary"]!;
        trainer2["warmStart"]!.GetValue<bool>().ShouldBeFalse();
        trainer2["coldStartReason"]!.GetValue<string>().ShouldBe("ML.NET's lightgbm cannot continue from a parent model (only its L-BFGS trainers can)");
        var evaluation2 = ContinuousTrainingTests.Step(detail2, "Evaluator")["summary"]!;
        evaluation2["candidate"]!["auc"]!.GetValue<double>().ShouldBeGreaterThan(evaluation2["baseline"]!["auc"]!.GetValue<double>() + 0.1, "the baseline (version 1) was scored through the same predictor interface");
        var v2 = await PredictAsync(model, -1.5, 1.5);
        v2["version"]!.GetValue<int>().ShouldBe(2);
        v2["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("yes");

        var rollback = await _admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 1, ["reason"] = "rollback drill" });
        rollback.StatusCode.ShouldBe(HttpStatusCode.OK, await rollback.Content.ReadAsStringAsync());
        var back = await PredictAsync(model, -1.5, 1.5);
        back["version"]!.GetValue<int>().ShouldBe(1);
        back["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("no");
    }

    [Fact]
    public async Task LbfgsLogisticRegression_SecondRunOnTheSameFeatureSpace_WarmStartsFromProduction()
    {
        var model = UniqueNames.Model();
        var trainer = new JsonObject { ["family"] = "mlnet", ["algorithm"] = "lbfgs-logistic-regression", ["options"] = new JsonObject { ["l2Regularization"] = 0.1 } };
        var created = await _admin.PostJsonAsync("/api/v1/models", Definition(model, trainer, null));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var world = new SyntheticWorld(_admin, model, seed: 22);
        await world.LiveAsync(300, (x1, _) => x1 > 0, TimeSpan.FromDays(1));
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);
        var detail1 = await RunToAsync(model, "succeeded");
        ContinuousTrainingTests.Step(detail1, "Trainer")["summary"]!["coldStartReason"]!.GetValue<string>().ShouldContain("no production version");

        await world.LiveAsync(100, (x1, _) => x1 > 0, TimeSpan.FromHours(1));
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);
        var detail2 = await RunToAsync(model, "succeeded");

        var trainer2 = ContinuousTrainingTests.Step(detail2, "Trainer")["summary"]!;
        trainer2["trainer"]!.GetValue<string>().ShouldBe("mlnet:lbfgs-logistic-regression");
        trainer2["warmStart"]!.GetValue<bool>().ShouldBeTrue(trainer2.ToJsonString());
        trainer2["parentVersion"]!.GetValue<int>().ShouldBe(1);
        (await PredictAsync(model, 1.5, 0))["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("yes");
    }

    private async Task<JsonObject> RunToAsync(string model, string status)
    {
        var response = await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject { ["reason"] = "test" });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var run = (await response.JsonAsync())["id"]!.GetValue<long>();
        return await RunWaiter.WaitForAsync(_admin, run, status, RunTimeout);
    }

    private async Task<JsonObject> PredictAsync(string model, double x1, double x2)
    {
        var predictClient = await app.ClientAsync(["predict"]);
        var response = await predictClient.PostJsonAsync($"/api/v1/models/{model}:predict",
            new JsonObject { ["instances"] = new JsonArray(new JsonObject { ["x1"] = x1, ["x2"] = x2, ["color"] = "red" }) });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public sealed class OnSqlite(SqliteApp app) : MlNetLoopTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : MlNetLoopTests(app), IClassFixture<PostgresApp>;
}
