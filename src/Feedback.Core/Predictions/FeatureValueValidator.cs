using System.Buffers;
using System.Text;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Ml.Schema;

namespace Feedback.Core.Predictions;

/// <summary>Checks an <c>inputs</c> object against a model's <see cref="FeatureSchema"/> and writes it in canonical
/// form: schema order, compact, nulls of optional features dropped.</summary>
public static class FeatureValueValidator
{
    /// <returns>The canonical JSON, or null when <paramref name="errors"/> received at least one error.</returns>
    public static string? Validate(JsonElement? inputs, FeatureSchema schema, string path, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(errors);
        if (inputs is not { ValueKind: JsonValueKind.Object } obj)
        {
            errors.Add(path, inputs is null ? "is required: an object of feature values" : "must be an object of feature values");
            return null;
        }

        var before = errors.Count;
        Span<int> seen = schema.Count <= 256 ? stackalloc int[schema.Count] : new int[schema.Count];
        seen.Fill(-1);
        var valueIndex = 0;
        var values = new JsonElement[schema.Count];
        foreach (var property in obj.EnumerateObject())
        {
            var index = schema.IndexOf(property.Name);
            if (index < 0)
            {
                errors.Add($"{path}.{property.Name}", "is not a feature of this model's schema");
                continue;
            }

            seen[index] = valueIndex++;
            values[index] = property.Value;
            CheckValue(schema[index], property.Value, $"{path}.{property.Name}", errors);
        }

        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Required && (seen[i] < 0 || values[i].ValueKind == JsonValueKind.Null))
            {
                errors.Add($"{path}.{schema[i].Name}", $"is required ({schema[i].Type.ToString().ToLowerInvariant()})");
            }
        }

        if (errors.Count != before || errors.IsFull)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        // Stored, never embedded in HTML: keep non-ASCII text as UTF-8 instead of \u escapes.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            for (var i = 0; i < schema.Count; i++)
            {
                if (seen[i] >= 0 && values[i].ValueKind != JsonValueKind.Null)
                {
                    writer.WritePropertyName(schema[i].Name);
                    values[i].WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CheckValue(FeatureSpec feature, JsonElement value, string field, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return; // a null is a missing value; required features are checked after the loop
        }

        switch (feature.Type)
        {
            case FeatureType.Numeric:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add(field, $"must be a number (numeric feature), got {Describe(value)}");
                }
                else if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    errors.Add(field, "must be a finite number (NaN and infinity are not allowed)");
                }

                break;
            case FeatureType.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(field, $"must be true or false (boolean feature), got {Describe(value)}");
                }

                break;
            case FeatureType.Categorical:
            case FeatureType.Text:
                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add(field, $"must be a string ({feature.Type.ToString().ToLowerInvariant()} feature), got {Describe(value)}");
                }
                else if (value.GetString()!.Length is var length && length > feature.MaxLength)
                {
                    errors.Add(field, $"is {length} characters long; the schema allows at most {feature.MaxLength}");
                }

                break;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
