using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Models;
using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Web.Tests.Api;

/// <summary><c>GET …/versions/{v}/mlnet</c>: the ML.NET model file of an ML.NET-trained version, which a fresh
/// <c>MLContext</c> loads and scores exactly as the server's <c>:predict</c> does.</summary>
public abstract class MlNetModelFileTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : MlNetModelFileTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : MlNetModelFileTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task ModelFile_LoadsInAFreshMlContext_AndScoresLikePredict()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        var builder = TrainedBundleBuilder.For(definition.Build()).WithMlNet("lightgbm");
        var bundle = builder.Build();
        await RegisterAsync(model, TrainedBundleBuilder.ToBytes(TrainedBundleBuilder.For(definition.Build()).Build()), TrainedBundleBuilder.ToBytes(bundle));
        (await admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await admin.GetAsync($"/api/v1/models/{model}/versions/2/mlnet");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        var columns = response.Headers.GetValues("X-Feature-Columns").Single().Split(',').Select(Uri.UnescapeDataString).ToArray();
        columns.ShouldBe(bundle.Transform.ColumnNames);
        var ml = new MLContext();
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var loaded = ml.Model.Load(file, out _);
        var engine = ml.Model.CreatePredictionEngine<Input, Output>(loaded, inputSchemaDefinition: InputSchema(columns.Length));
        var random = new Random(5);
        var rows = Enumerable.Range(0, 10).Select(_ => builder.Row(random)).ToList();
        var predicted = await admin.PostJsonAsync($"/api/v1/models/{model}:predict", new JsonObject { ["instances"] = new JsonArray([.. rows.Select(r => (JsonNode)TrainedBundleBuilder.ToJson(r))]) });
        predicted.StatusCode.ShouldBe(HttpStatusCode.OK, await predicted.Content.ReadAsStringAsync());
        var served = (await predicted.JsonAsync())["predictions"]!.AsArray();
        var classes = definition.Build()["labelClasses"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            var features = Features(bundle, rows[i]);
            var probability = engine.Predict(new Input { Features = features }).Probability;
            served[i]!["scores"]![classes[1]]!.GetValue<double>().ShouldBe(probability, 1e-6, $"row {i}");
        }
    }

    [Fact]
    public async Task ModelFile_OfOurOwnTrainer_Is409_AndOfAMissingVersion404()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        await RegisterAsync(model, TrainedBundleBuilder.For(definition.Build()).BuildBytes());

        using var ours = await admin.GetAsync($"/api/v1/models/{model}/versions/1/mlnet");
        using var missing = await admin.GetAsync($"/api/v1/models/{model}/versions/7/mlnet");

        ours.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ours.JsonAsync())["errors"]!["version"]![0]!.GetValue<string>().ShouldContain("was trained by logistic-regression");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task RegisterAsync(string model, params byte[][] bundles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
        await using var context = app.Database.CreateContext();
        var id = context.Models.Single(m => m.Name == model).Id;
        for (var i = 0; i < bundles.Length; i++)
        {
            await registry.RegisterAsync(id, 1, i == 0 ? null : i, bundles[i], null, CancellationToken.None);
        }
    }

    /// <summary>The transformed feature vector of one raw row, as the model file takes it.</summary>
    private static VBuffer<float> Features(ModelBundle bundle, Dictionary<string, object?> row)
    {
        var builder = new TabularDataBuilder(bundle.Schema, null);
        builder.Add(row);
        var matrix = bundle.Transform.Apply(builder.Build());
        return new VBuffer<float>(matrix.ColumnCount, matrix.RowIndices(0).Length, matrix.RowValues(0).ToArray(), matrix.RowIndices(0).ToArray());
    }

    private static SchemaDefinition InputSchema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Input));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private sealed class Input
    {
        public VBuffer<float> Features { get; set; }
    }

    private sealed class Output
    {
        public float Probability { get; set; }
    }
}
