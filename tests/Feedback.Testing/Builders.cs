using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Feedback.Testing;

/// <summary>Builds model definitions as JSON, defaulting to a small valid binary model with a unique name.</summary>
public sealed class ModelDefinitionBuilder
{
    private readonly JsonArray _features = [];
    private string _name = UniqueNames.Model();
    private string _taskType = "binary";
    private JsonArray? _classes = ["no", "yes"];
    private JsonObject? _labelPolicy;
    private string? _retention;

    public string Name => _name;

    public static ModelDefinitionBuilder Binary() => new ModelDefinitionBuilder()
        .WithFeature("text", "text")
        .WithFeature("amount", "numeric", required: false)
        .WithFeature("country", "categorical", role: "slice-only")
        .WithFeature("premium", "boolean", required: false);

    public static ModelDefinitionBuilder Multiclass(params string[] classes) => new ModelDefinitionBuilder { _taskType = "multiclass", _classes = [.. classes.Select(c => (JsonNode)c)] }
        .WithFeature("text", "text");

    public static ModelDefinitionBuilder Regression() => new ModelDefinitionBuilder { _taskType = "regression", _classes = null }
        .WithFeature("amount", "numeric");

    public ModelDefinitionBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public ModelDefinitionBuilder WithFeature(string name, string type, bool required = true, string? role = null, int? maxLength = null)
    {
        var feature = new JsonObject { ["name"] = name, ["type"] = type, ["required"] = required };
        if (role is not null)
        {
            feature["role"] = role;
        }

        if (maxLength is not null)
        {
            feature["maxLength"] = maxLength;
        }

        _features.Add(feature);
        return this;
    }

    public ModelDefinitionBuilder WithLabelPolicy(JsonObject policy)
    {
        _labelPolicy = policy;
        return this;
    }

    public ModelDefinitionBuilder WithRetention(string retention)
    {
        _retention = retention;
        return this;
    }

    public JsonObject Build()
    {
        var document = new JsonObject
        {
            ["name"] = _name,
            ["taskType"] = _taskType,
            ["features"] = _features.DeepClone(),
        };
        if (_classes is not null)
        {
            document["labelClasses"] = _classes.DeepClone();
        }

        if (_labelPolicy is not null)
        {
            document["labelPolicy"] = _labelPolicy.DeepClone();
        }

        if (_retention is not null)
        {
            document["retention"] = _retention;
        }

        return document;
    }

    /// <summary>Creates the model through the API and returns its name.</summary>
    public async Task<string> CreateAsync(HttpClient admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/models", Build());
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating model {_name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return _name;
    }
}

public static class UniqueNames
{
    public static string Model() => $"m-{Guid.NewGuid():N}"[..20];

    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}

/// <summary>Prediction rows for <c>POST /models/{name}/predictions</c>, valid for <see cref="ModelDefinitionBuilder.Binary"/>.</summary>
public static class Predictions
{
    public static JsonObject Row(string? trackingId = null, string text = "my card was charged twice", double? amount = 12.5, string country = "DE", string? label = "yes")
    {
        var inputs = new JsonObject { ["text"] = text, ["country"] = country };
        if (amount is not null)
        {
            inputs["amount"] = amount;
        }

        var row = new JsonObject { ["inputs"] = inputs };
        if (trackingId is not null)
        {
            row["trackingId"] = trackingId;
        }

        if (label is not null)
        {
            row["outputs"] = new JsonObject { ["label"] = label, ["scores"] = new JsonObject { ["yes"] = 0.8, ["no"] = 0.2 } };
        }

        return row;
    }

    public static JsonObject Batch(params JsonObject[] rows) => new() { ["predictions"] = new JsonArray([.. rows]) };
}

/// <summary>Feedback events for <c>POST /feedback</c>.</summary>
public static class Events
{
    public static JsonObject Rating(string trackingId, JsonNode value, string? eventId = null) =>
        Event("rating", trackingId, eventId, e => e["value"] = value);

    public static JsonObject Correction(string trackingId, string label, string? eventId = null) =>
        Event("correction", trackingId, eventId, e => e["label"] = label);

    public static JsonObject Outcome(string trackingId, JsonNode label, string? eventId = null) =>
        Event("outcome", trackingId, eventId, e => e["label"] = label);

    public static JsonObject Action(string trackingId, string action, double? value = null, string? eventId = null) =>
        Event("action", trackingId, eventId, e =>
        {
            e["action"] = action;
            if (value is not null)
            {
                e["value"] = value;
            }
        });

    public static JsonObject Harm(string trackingId, string category, string severity, string? comment = null, string? eventId = null) =>
        Event("harm", trackingId, eventId, e =>
        {
            e["category"] = category;
            e["severity"] = severity;
            if (comment is not null)
            {
                e["comment"] = comment;
            }
        });

    public static JsonObject Batch(params JsonObject[] events) => new() { ["events"] = new JsonArray([.. events]) };

    public static string NdJson(params JsonObject[] events) => string.Join('\n', events.Select(e => e.ToJsonString())) + "\n";

    private static JsonObject Event(string kind, string trackingId, string? eventId, Action<JsonObject> fill)
    {
        var e = new JsonObject { ["eventId"] = eventId ?? UniqueNames.Id("e"), ["trackingId"] = trackingId, ["kind"] = kind };
        fill(e);
        return e;
    }
}

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body) =>
        client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Expected a JSON object, got: {text}");
    }

    /// <summary>The problem details' <c>errors</c> keys (field names), for asserting which field was named.</summary>
    public static async Task<IReadOnlyCollection<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var problem = await response.JsonAsync();
        return problem["errors"] is JsonObject errors ? errors.Select(e => e.Key).ToList() : [];
    }

    public static string Describe(this JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
}
