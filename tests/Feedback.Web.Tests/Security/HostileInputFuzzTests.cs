using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Feedback.Web.Tests.Security;

/// <summary>Property-based fuzzing of every API route on a real host: generated hostile bodies, paths, query strings
/// and headers (NULs, unpaired surrogates, huge and odd numbers, deep nesting, wrong types, YAML and NDJSON tricks).
/// The properties: no 5xx ever; a rejected ingestion request stores nothing; the connection pool stays healthy (a valid
/// request right after succeeds). Requests per database: <c>FEEDBACK_FUZZ_REQUESTS</c> (default 5000).</summary>
public abstract class HostileInputFuzzTests(FeedbackAppFixture app, ITestOutputHelper output)
{
    public sealed class OnSqlite(FuzzSqliteApp app, ITestOutputHelper output) : HostileInputFuzzTests(app, output), IClassFixture<FuzzSqliteApp>;

    public sealed class OnPostgreSql(FuzzPostgresApp app, ITestOutputHelper output) : HostileInputFuzzTests(app, output), IClassFixture<FuzzPostgresApp>;

    private static readonly string[] Nasty =
    [
        "\u0000", "a\u0000b", "\ud800", "x\udc00", "\udbff\udfff", "\u202eevil", "", " ", "\r\n", "\t", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "🙂", "ﷺ", "\uFEFF",
        "<script>alert(1)</script>", "<javascript:alert(1)>", "'; DROP TABLE predictions; --", "%00", "../../etc/passwd", "${jndi:ldap://x}",
        "NaN", "Infinity", "-0", "1e309", "99999999999999999999999999", "null", "true", "[]", "{}", "yes", "no",
        new string('x', 5000), new string('é', 3000), "a:\n  - &x [1]\n  - *x",
    ];

    private static readonly string[] ContentTypes =
        ["application/json", "application/json", "application/json", "application/x-ndjson", "application/yaml", "text/plain", "application/xml", "multipart/form-data; boundary=x", ""];

    private static readonly Gen<string> HostileText = Gen.Frequency(
        (3, Gen.OneOf(Nasty)),
        (2, Gen.String),
        (1, Gen.Char.Array[0, 40].Select(c => new string(c))));

    private static readonly Gen<string> HostileNumber = Gen.OneOf(
        Gen.OneOf("1e308", "-1e308", "1e309", "4.9e-324", "-0", "0.0000001", "123456789012345678901234567890", "1.5", "-7", "0x10", "01", "1_000"),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1"),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)));

    private static readonly string[] Keys =
    [
        "trackingId", "eventId", "kind", "value", "label", "comment", "subject", "inputs", "outputs", "version", "predictions", "events",
        "name", "scopes", "models", "source", "roles", "userName", "password", "reason", "coldStart", "items", "choices", "instructions",
        "text", "amount", "country", "features", "task", "pipeline", "thresholds", "__proto__", "$ref", "",
    ];

    [Fact]
    public async Task HostileRequests_ToEveryRoute_NeverAnswer5xx_StoreNothingWhenRejected_AndLeaveConnectionsHealthy()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("FEEDBACK_FUZZ_REQUESTS"), out var n) ? n : 5000;
        var world = await SeedAsync();
        var admin = await app.AdminClientAsync();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var acceptedRows = 0;
        var (predictionsBefore, feedbackBefore) = await CountRowsAsync();

        var routes = Routes(world);
        var gen = Gen.Select(Gen.Int[0, routes.Count - 1], Body(0), Gen.OneOf(ContentTypes), Query, Gen.Int[0, 9], HostileText);
        await gen.SampleAsync(
            async (route, body, contentType, query, twist, segment) =>
            {
                var (method, template) = routes[route];
                var url = template.Replace("{seg}", Uri.EscapeDataString(Scrub(segment)), StringComparison.Ordinal) + query;
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET")
                {
                    var text = twist == 0 ? Encoding.UTF8.GetString([0xff, 0xfe, 0x00, 0x41]) : body;
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
                    if (contentType.Length > 0)
                    {
                        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                    }
                }

                if (twist == 1)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", "\"" + new string([.. Scrub(segment).Where(c => c is > ' ' and < '\x7f' and not '"')]) + "\"");
                }

                using var response = await admin.SendAsync(request);
                var status = (int)response.StatusCode;
                lock (statuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }

                if (status >= 500)
                {
                    lock (failures)
                    {
                        failures.Add($"{method} {url} [{contentType}] → {status}: {Truncate(body)}");
                    }
                }
                else if (status is 200 && (template.Contains("/predictions", StringComparison.Ordinal) || template == "/api/v1/feedback") && method == "POST")
                {
                    var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                    Interlocked.Add(ref acceptedRows, answer?["created"]?.GetValue<int>() ?? 0);
                }
            },
            iter: total,
            threads: 1);

        output.WriteLine($"{total} hostile requests on {app.Provider}: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        failures.ShouldBeEmpty();
        var (predictionsAfter, feedbackAfter) = await CountRowsAsync();
        (predictionsAfter + feedbackAfter - predictionsBefore - feedbackBefore).ShouldBe(acceptedRows, "only rows of accepted requests were stored");

        using var healthy = await admin.PostJsonAsync($"/api/v1/models/{world.Model}/predictions", Predictions.Batch(Predictions.Row()));
        healthy.StatusCode.ShouldBe(HttpStatusCode.OK, "a valid request after the storm succeeds");
        using var feedback = await admin.PostJsonAsync("/api/v1/feedback", Events.Rating(UniqueNames.Id("t"), "up"));
        feedback.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Gen<string> Query => Gen.Frequency(
        (3, Gen.Const(string.Empty)),
        (2, Gen.Select(Gen.OneOf("status", "format", "limit", "pool", "method", "answered", "x"), HostileText)
            .Select((k, v) => $"?{k}={Uri.EscapeDataString(Scrub(v))}")),
        (1, Gen.OneOf("?limit=-1", "?limit=99999999999", "?format=xml", "?status=%00", "?status=%F0%90%80", "?pool=expert&pool=crowd")));

    /// <summary>A JSON (or not quite JSON) body: a valid-looking document with hostile values, or hostile text.</summary>
    private static Gen<string> Body(int depth) => Gen.Frequency(
        (4, Value(depth)),
        (1, HostileText),
        (1, Gen.Int[20, 200].Select(d => new string('[', d) + new string(']', d))),
        (1, Gen.Select(Value(1), Value(1)).Select((a, b) => a + "\n" + b + "\n")));

    private static Gen<string> Value(int depth) => depth > 3
        ? Gen.OneOf(HostileText.Select(Quote), HostileNumber, Gen.OneOf("true", "false", "null"))
        : Gen.Frequency(
            (3, HostileText.Select(Quote)),
            (2, HostileNumber),
            (1, Gen.OneOf("true", "false", "null")),
            (2, Gen.Select(Gen.OneOf(Keys), Gen.Int[0, 2]).SelectMany((key, _) => Gen.Select(Gen.OneOf(Keys), Value(depth + 1), Value(depth + 1))
                .Select((k2, v1, v2) => $"{{{Quote(key)}:{v1},{Quote(k2)}:{v2}}}"))),
            (1, Value(depth + 1).Array[0, 3].Select(values => "[" + string.Join(',', values) + "]")));

    /// <summary>A JSON string literal; control characters and every surrogate are written as \u escapes, so unpaired
    /// surrogates and NULs reach the server exactly as an attacker would send them.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>URLs carry UTF-8: an unpaired surrogate cannot be percent-encoded, so it is sent as its replacement.</summary>
    private static string Scrub(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.Length > 300 ? builder.ToString(0, 300) : builder.ToString();
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;

    private static List<(string Method, string Url)> Routes(FuzzWorld w) =>
    [
        ("POST", "/api/v1/models"), ("GET", "/api/v1/models"), ("GET", $"/api/v1/models/{w.Model}"), ("PUT", $"/api/v1/models/{w.Model}"),
        ("GET", "/api/v1/models/{seg}"), ("PUT", "/api/v1/models/{seg}"), ("GET", $"/api/v1/models/{w.Model}/revisions"),
        ("POST", $"/api/v1/models/{w.Model}/predictions"), ("POST", $"/api/v1/models/{w.Model}/predictions"), ("POST", "/api/v1/models/{seg}/predictions"),
        ("GET", $"/api/v1/models/{w.Model}/predictions/{{seg}}"), ("GET", $"/api/v1/models/{w.Model}/predictions/{w.TrackingId}"),
        ("POST", "/api/v1/feedback"), ("POST", "/api/v1/feedback"), ("POST", "/api/v1/feedback"),
        ("POST", "/api/v1/apikeys"), ("GET", "/api/v1/apikeys"), ("DELETE", "/api/v1/apikeys/{seg}"),
        ("POST", "/api/v1/annotation/projects"), ("GET", "/api/v1/annotation/projects"), ("GET", "/api/v1/annotation/projects/{seg}"),
        ("POST", $"/api/v1/annotation/projects/{w.Project}:populate"), ("POST", $"/api/v1/annotation/projects/{w.Project}/gold"),
        ("GET", $"/api/v1/annotation/{w.Project}/next"), ("POST", $"/api/v1/annotation/tasks/{w.Task}"), ("POST", "/api/v1/annotation/tasks/{seg}:skip"),
        ("GET", $"/api/v1/annotation/projects/{w.Project}/quality"), ("GET", $"/api/v1/annotation/projects/{w.Project}/aggregates"),
        ("GET", $"/api/v1/annotation/projects/{w.Project}/resolved"), ("POST", "/api/v1/users"), ("GET", "/api/v1/users"),
        ("POST", $"/api/v1/models/{w.Model}:predict"), ("POST", $"/api/v1/models/{w.Model}:predict"), ("POST", "/api/v1/models/{seg}:predict"),
        ("GET", $"/api/v1/models/{w.Model}/versions"), ("GET", $"/api/v1/models/{w.Model}/versions/1"), ("GET", $"/api/v1/models/{w.Model}/aliases"),
        ("POST", $"/api/v1/models/{w.Model}/aliases/{{seg}}"), ("POST", $"/api/v1/models/{w.Model}/aliases/production"),
        ("POST", $"/api/v1/models/{w.Model}/runs"), ("GET", $"/api/v1/models/{w.Model}/runs"), ("GET", $"/api/v1/models/{w.Model}/versions/1/lineage"),
        ("GET", $"/api/v1/models/{w.Model}/snapshots/1/examples"), ("GET", "/api/v1/runs/1"), ("POST", "/api/v1/runs/1:cancel"),
        ("POST", "/api/v1/runs/1:resume"), ("GET", "/api/v1/runs/artifacts/1"), ("GET", "/api/v1/predictions/{seg}/lineage"),
        ("GET", "/api/v1/approvals"), ("POST", "/api/v1/approvals/1:approve"), ("POST", "/api/v1/approvals/1:reject"),
        ("GET", $"/api/v1/models/{w.Model}/labels"), ("POST", $"/api/v1/models/{w.Model}/labels:join"),
        ("DELETE", "/api/v1/subjects/{seg}"), ("GET", "/api/v1/quarantine"), ("POST", "/api/v1/quarantine/{seg}:release"),
        ("POST", "/api/v1/quarantine/{seg}:discard"), ("GET", "/api/v1/session/antiforgery"),
    ];

    private async Task<FuzzWorld> SeedAsync()
    {
        var project = await app.CreateProjectAsync(items: 3, overlap: 1);
        await using var context = app.Database.CreateContext();
        var task = await context.AnnotationSlots.Where(s => s.ProjectId == context.AnnotationProjects.Single(p => p.Name == project.Name).Id).Select(s => s.Id).FirstAsync();
        return new FuzzWorld(project.Model, project.Name, project.TrackingIds[0], task);
    }

    private async Task<(int Predictions, int Feedback)> CountRowsAsync()
    {
        await using var context = app.Database.CreateContext();
        return (await context.Predictions.CountAsync(), await context.FeedbackEvents.CountAsync());
    }

    private sealed record FuzzWorld(string Model, string Project, string TrackingId, long Task);
}

/// <summary>A host for fuzzing: the rate limits are lifted (the fuzzer is one caller sending thousands of requests).</summary>
public abstract class FuzzApp(Feedback.Core.Storage.DatabaseProvider provider) : FeedbackAppFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "false",
        ["Abuse:SubjectBurstLimit"] = "1000000",
    };
}

public sealed class FuzzSqliteApp() : FuzzApp(Feedback.Core.Storage.DatabaseProvider.Sqlite);

public sealed class FuzzPostgresApp() : FuzzApp(Feedback.Core.Storage.DatabaseProvider.PostgreSql);
