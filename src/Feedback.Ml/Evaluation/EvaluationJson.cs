using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// The JSON form of configs and results: camelCase properties, enums as camelCase strings, undefined metrics as null,
/// unknown properties rejected (a misspelt option is an error, not a silent default).
/// </summary>
public static class EvaluationJson
{
    /// <summary>The serializer options used for every evaluation artifact.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Reads and validates a config.</summary>
    /// <exception cref="JsonException">Malformed JSON or an unknown property.</exception>
    /// <exception cref="ArgumentException">An invalid option (the message names the field).</exception>
    public static EvaluationConfig ReadConfig(string json) =>
        JsonSerializer.Deserialize<EvaluationConfig>(json, Options) ?? throw new JsonException("The config is null.");

    /// <summary>Writes a config.</summary>
    public static string Write(EvaluationConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Writes an evaluation result (the artifact stored by the pipeline and rendered by the UI).</summary>
    public static string Write(EvaluationResult result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Reads an evaluation result.</summary>
    /// <exception cref="JsonException">Malformed JSON.</exception>
    public static EvaluationResult ReadResult(string json) =>
        JsonSerializer.Deserialize<EvaluationResult>(json, Options) ?? throw new JsonException("The result is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
