using System.Reflection;

namespace Feedback.Core.Models.Schema;

/// <summary>The JSON Schema of a model definition, for editors and scripts (served at
/// <see cref="Route"/>). The server's <see cref="ModelDefinitionValidator"/> stays the authority: the schema describes
/// the same shape and ranges, and a test keeps the two in agreement.</summary>
public static class ModelDefinitionSchema
{
    /// <summary>Where the web host serves the schema.</summary>
    public const string Route = "/schemas/model-definition.json";

    /// <summary>The media type of a JSON Schema document.</summary>
    public const string MediaType = "application/schema+json";

    private static readonly Lazy<byte[]> Utf8Bytes = new(Load);

    /// <summary>The schema document (UTF-8 JSON, draft 2020-12).</summary>
    public static ReadOnlyMemory<byte> Utf8 => Utf8Bytes.Value;

    private static byte[] Load()
    {
        using var stream = typeof(ModelDefinitionSchema).Assembly.GetManifestResourceStream("Feedback.Core.Models.Schema.model-definition.schema.json")
            ?? throw new InvalidOperationException("The model definition schema is not embedded in Feedback.Core.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
