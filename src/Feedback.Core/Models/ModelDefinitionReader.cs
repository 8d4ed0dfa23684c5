using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Feedback.Core.Models;

/// <summary>Reads model definitions from JSON or YAML (the same document shape), and writes the canonical JSON stored per revision.</summary>
public static class ModelDefinitionReader
{
    public static ModelDefinitionDocument FromJson(ReadOnlySpan<byte> utf8) => JsonBodyReader.Read<ModelDefinitionDocument>(utf8);

    /// <summary>Parses YAML (core schema: unquoted <c>true</c>, <c>3</c>, <c>0.5</c>, <c>null</c> are typed) by
    /// converting it to JSON, so both formats share one set of rules and error messages.</summary>
    public static ModelDefinitionDocument FromYaml(string yaml)
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

        if (stream.Documents.Count != 1)
        {
            throw new InvalidInputException("body", "must contain exactly one YAML document");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteNode(stream.Documents[0].RootNode, writer, depth: 0);
        }

        return FromJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static string ToCanonicalJson(ModelDefinition definition) =>
        JsonSerializer.Serialize(ModelDefinitionValidator.ToDocument(definition), FeedbackJson.Output);

    public static ModelDefinition FromStored(string canonicalJson) =>
        ModelDefinitionValidator.Validate(FromJson(Encoding.UTF8.GetBytes(canonicalJson)));

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
