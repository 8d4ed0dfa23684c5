using System.Globalization;
using System.Text.Json;
using Feedback.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Feedback.Core.Json;

/// <summary>Turns a YAML document into JSON, so every YAML form the product accepts (model definitions, evaluation
/// configs) goes through the same strict JSON rules and field-level errors.</summary>
/// <remarks>Plain scalars follow the YAML core schema: <c>true</c>, <c>3</c>, <c>0.5</c>, <c>null</c> are typed; quoted
/// scalars are always strings.</remarks>
public static class YamlJson
{
    /// <exception cref="InvalidInputException">The text is not one valid YAML document (the error names the line).</exception>
    public static byte[] ToUtf8Json(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new InvalidInputException("body", $"is not valid YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some unterminated flow collections.
            throw new InvalidInputException("body", "is not valid YAML: check for an unclosed bracket, brace or quote");
        }

        if (stream.Documents.Count != 1)
        {
            throw new InvalidInputException("body", "must contain exactly one YAML document");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteNode(stream.Documents[0].RootNode, writer, depth: 0);
        }

        return buffer.ToArray();
    }

    /// <summary>The same conversion, as a string.</summary>
    public static string ToJson(string yaml) => System.Text.Encoding.UTF8.GetString(ToUtf8Json(yaml));

    private static void WriteNode(YamlNode node, Utf8JsonWriter writer, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidInputException("body", "is nested too deeply");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : key.ToString());
                    WriteNode(value, writer, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var child in sequence.Children)
                {
                    WriteNode(child, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(scalar, writer);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(YamlScalarNode scalar, Utf8JsonWriter writer)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.Plain)
        {
            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    writer.WriteNullValue();
                    return;
                case "true" or "True" or "TRUE":
                    writer.WriteBooleanValue(true);
                    return;
                case "false" or "False" or "FALSE":
                    writer.WriteBooleanValue(false);
                    return;
            }

            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                writer.WriteNumberValue(integer);
                return;
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            {
                writer.WriteNumberValue(real);
                return;
            }
        }

        writer.WriteStringValue(value);
    }
}
