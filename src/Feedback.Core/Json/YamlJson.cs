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
    /// <summary>The largest YAML text accepted, in characters.</summary>
    public const int MaxCharacters = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and sequences.</summary>
    public const int MaxDepth = 32;

    /// <summary>How many aliases (<c>*name</c>) one document may use.</summary>
    public const int MaxAliases = 100;

    /// <summary>How many nodes the document may expand to once aliases are followed (a "billion laughs" document
    /// is tiny as text and enormous once expanded).</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <exception cref="InvalidInputException">The text is not one valid YAML document (the error names the line),
    /// or it is nested too deeply or expands (through aliases) to too many nodes.</exception>
    /// <exception cref="PayloadTooLargeException">The text is longer than <see cref="MaxCharacters"/>.</exception>
    public static byte[] ToUtf8Json(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxCharacters)
        {
            throw new PayloadTooLargeException("body", $"The YAML document is longer than {MaxCharacters} characters.");
        }

        if (Text.StorableText.Problem(yaml) is { } textProblem)
        {
            throw new InvalidInputException("body", textProblem);
        }

        var stream = new YamlStream();
        try
        {
            // The event pass is iterative: it bounds depth and aliases before the recursive loader and writer run.
            CheckShape(yaml);
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
            var budget = new NodeBudget();
            WriteNode(stream.Documents[0].RootNode, writer, depth: 0, budget);
        }

        return buffer.ToArray();
    }

    private static void CheckShape(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        throw new InvalidInputException("body", $"is nested too deeply: at most {MaxDepth} levels");
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
                case YamlDotNet.Core.Events.AnchorAlias:
                    if (++aliases > MaxAliases)
                    {
                        throw new InvalidInputException("body", $"uses more than {MaxAliases} YAML aliases");
                    }

                    break;
            }
        }
    }

    private sealed class NodeBudget
    {
        private int _nodes;

        public void Spend()
        {
            if (++_nodes > MaxExpandedNodes)
            {
                throw new InvalidInputException("body", $"expands to more than {MaxExpandedNodes} nodes once its aliases are followed");
            }
        }
    }

    /// <summary>The same conversion, as a string.</summary>
    public static string ToJson(string yaml) => System.Text.Encoding.UTF8.GetString(ToUtf8Json(yaml));

    private static void WriteNode(YamlNode node, Utf8JsonWriter writer, int depth, NodeBudget budget)
    {
        budget.Spend();
        if (depth > MaxDepth)
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
                    WriteNode(value, writer, depth + 1, budget);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var child in sequence.Children)
                {
                    WriteNode(child, writer, depth + 1, budget);
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
