using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Ml.Validation;

/// <summary>The JSON form of the validation artifacts (<see cref="DatasetStatistics"/>, <see cref="DataSchema"/>,
/// <see cref="AnomalyReport"/>, <see cref="DriftReport"/>): camelCase names, enums as camelCase strings, nulls
/// omitted. The pipeline stores these and the UI renders them, so the shape is part of the contract.</summary>
public static class ValidationJson
{
    /// <summary>The serializer options used for every artifact.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises an artifact.</summary>
    public static string Serialize<T>(T artifact) => JsonSerializer.Serialize(artifact, Options);

    /// <summary>Reads an artifact back.</summary>
    /// <exception cref="JsonException">The JSON is malformed, lacks a required property, or holds an invalid
    /// artifact (for example a schema whose constructor rejects it).</exception>
    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The JSON holds null, not a {typeof(T).Name}.");
        }
        catch (ArgumentException exception)
        {
            // Constructors validate (e.g. DataSchema); callers reading stored artifacts handle one exception type.
            throw new JsonException($"The JSON is not a valid {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Ranges may be open-ended (±Infinity); everything else is finite by construction.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
