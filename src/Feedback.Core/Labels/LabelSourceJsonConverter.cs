using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Core.Labels;

/// <summary>Writes and reads <see cref="LabelSource"/> as its kebab-case wire name.</summary>
public sealed class LabelSourceJsonConverter : JsonConverter<LabelSource>
{
    public override LabelSource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LabelSourceNames.TryParse(reader.GetString(), out var source) ? source : throw new JsonException("Unknown label source.");

    public override void Write(Utf8JsonWriter writer, LabelSource value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(LabelSourceNames.ToWire(value));
    }
}
