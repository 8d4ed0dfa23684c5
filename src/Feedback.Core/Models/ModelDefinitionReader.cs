using System.Text;
using System.Text.Json;
using Feedback.Core.Json;

namespace Feedback.Core.Models;

/// <summary>Reads model definitions from JSON or YAML (the same document shape), and writes the canonical JSON stored per revision.</summary>
public static class ModelDefinitionReader
{
    public static ModelDefinitionDocument FromJson(ReadOnlySpan<byte> utf8) => JsonBodyReader.Read<ModelDefinitionDocument>(utf8);

    /// <summary>Parses YAML through <see cref="YamlJson"/>, so both formats share one set of rules and error messages.</summary>
    public static ModelDefinitionDocument FromYaml(string yaml) => FromJson(YamlJson.ToUtf8Json(yaml));

    public static string ToCanonicalJson(ModelDefinition definition) =>
        JsonSerializer.Serialize(ModelDefinitionValidator.ToDocument(definition), FeedbackJson.Output);

    public static ModelDefinition FromStored(string canonicalJson) =>
        ModelDefinitionValidator.Validate(FromJson(Encoding.UTF8.GetBytes(canonicalJson)));
}
