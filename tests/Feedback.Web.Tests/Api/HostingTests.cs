using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Api;

public abstract class HostingTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : HostingTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : HostingTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public void Host_UsesTheFixturesDatabaseProvider()
    {
        var database = app.Services.GetRequiredService<ConfiguredDatabase>();

        database.Provider.ShouldBe(app.Provider);
        database.ConnectionString.ShouldBe(app.Database.ConnectionString);
    }

    [Fact]
    public async Task Healthz_AnswersWithoutAKey()
    {
        using var response = await app.AnonymousClient().GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_IsHealthyOnceMigrated()
    {
        using var response = await app.AnonymousClient().GetAsync("/readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task ModelDefinitionSchema_IsServedToAnyone_AsAJsonSchema()
    {
        using var response = await app.AnonymousClient().GetAsync("/schemas/model-definition.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/schema+json");
        var schema = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        schema["$schema"]!.GetValue<string>().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["name", "taskType", "features"]);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryIngestionEndpoint()
    {
        var document = JsonNode.Parse(await app.AnonymousClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();

        paths.Select(p => p.Key).ShouldBe(
            ["/api/v1/models", "/api/v1/models/{name}", "/api/v1/models/{name}/revisions", "/api/v1/models/{name}/predictions",
             "/api/v1/models/{name}/predictions/{trackingId}", "/api/v1/feedback", "/api/v1/apikeys", "/api/v1/apikeys/{id}",
             "/api/v1/models/{name}:predict", "/api/v1/models/{name}/versions", "/api/v1/models/{name}/versions/{version}",
             "/api/v1/models/{name}/aliases", "/api/v1/models/{name}/aliases/{alias}",
             "/api/v1/annotation/projects", "/api/v1/annotation/projects/{project}", "/api/v1/annotation/projects/{project}:populate",
             "/api/v1/annotation/projects/{project}/gold", "/api/v1/annotation/projects/{project}/quality",
             "/api/v1/annotation/projects/{project}/aggregates", "/api/v1/annotation/projects/{project}/resolved",
             "/api/v1/annotation/{project}/next", "/api/v1/annotation/tasks/{id}", "/api/v1/annotation/tasks/{id}:skip", "/api/v1/users",
             "/api/v1/models/{name}/labels", "/api/v1/models/{name}/labels:join",
             "/api/v1/models/{name}/runs", "/api/v1/models/{name}/versions/{version}/lineage", "/api/v1/models/{name}/versions/{version}/mlnet", "/api/v1/models/{name}/snapshots/{id}/examples",
             "/api/v1/runs/{id}", "/api/v1/runs/{id}:cancel", "/api/v1/runs/{id}:resume", "/api/v1/runs/artifacts/{artifactId}",
             "/api/v1/predictions/{trackingId}/lineage", "/api/v1/approvals",
             "/api/v1/models/{name}/notifications/channels", "/api/v1/models/{name}/notifications/channels/{id}", "/api/v1/models/{name}/notifications/channels/{id}:test", "/api/v1/models/{name}/notifications/deliveries", "/api/v1/approvals/{id}:approve", "/api/v1/approvals/{id}:reject",
             "/api/v1/session/antiforgery", "/api/v1/subjects/{subject}", "/api/v1/quarantine", "/api/v1/quarantine/{subject}:release", "/api/v1/quarantine/{subject}:discard"],
            ignoreOrder: true);
        paths["/api/v1/feedback"]!["post"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key)
            .ShouldBe(["application/json", "application/x-ndjson"]);
    }
}
