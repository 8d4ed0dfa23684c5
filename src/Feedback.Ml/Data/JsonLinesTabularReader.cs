using System.Buffers;
using System.Text.Json;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Data;

/// <summary>Reads JSON Lines (one JSON object per line, UTF-8) into a <see cref="TabularData"/>, streaming with
/// <see cref="Utf8JsonReader"/>: values go straight into typed columns and only the current line is buffered.</summary>
/// <remarks>Fields are matched by name to schema features, the label and the weight; other fields are skipped.
/// Values may be strings, numbers, booleans or null; nested objects and arrays are errors for known fields. Null and a
/// string that is a <see cref="MissingValueTokens"/> token (by default <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NaN</c>,
/// ignoring case) are missing values.</remarks>
public static class JsonLinesTabularReader
{
    /// <summary>Reads JSON Lines from a stream.</summary>
    /// <exception cref="TabularDataException">A line is not a JSON object, or a value is bad (the message names the row and column).</exception>
    public static TabularData Read(Stream stream, FeatureSchema schema, LabelDefinition? label = null, CancellationToken cancellationToken = default) =>
        Read(stream, schema, label, MissingValueTokens.Default, cancellationToken);

    /// <summary>Reads JSON Lines from a stream with the given missing-value tokens.</summary>
    /// <exception cref="TabularDataException">A line is not a JSON object, or a value is bad (the message names the row and column).</exception>
    public static TabularData Read(Stream stream, FeatureSchema schema, LabelDefinition? label, MissingValueTokens missingValues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(missingValues);
        var builder = new TabularDataBuilder(schema, label);
        var features = new object?[builder.FeatureCount];
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var filled = 0;
            long row = 0;
            var endOfStream = false;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', 0, filled);
                if (newline < 0 && !endOfStream)
                {
                    if (filled == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var read = stream.Read(buffer, filled, buffer.Length - filled);
                    endOfStream = read == 0;
                    filled += read;
                    continue;
                }

                var lineLength = newline < 0 ? filled : newline;
                var line = buffer.AsSpan(0, lineLength).TrimEnd((byte)'\r');
                if (!line.Trim((byte)' ').IsEmpty)
                {
                    row++;
                    if ((row & 1023) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    ReadLine(line, row, builder, features, missingValues);
                }

                if (newline < 0)
                {
                    break;
                }

                var rest = filled - newline - 1;
                buffer.AsSpan(newline + 1, rest).CopyTo(buffer);
                filled = rest;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return builder.Build();
    }

    /// <summary>Reads a JSON Lines file.</summary>
    public static TabularData Read(string path, FeatureSchema schema, LabelDefinition? label = null, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, schema, label, cancellationToken);
    }

    private static void ReadLine(ReadOnlySpan<byte> line, long row, TabularDataBuilder builder, object?[] features, MissingValueTokens missingValues)
    {
        Array.Clear(features);
        object? label = null;
        object? weight = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TabularDataException(row, "the line is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var field = builder.FieldIndex(name);
                object? value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => reader.GetDouble(),
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.Null => null,
                    _ => field >= 0
                        ? throw new TabularDataException(row, name, $"a JSON {reader.TokenType} is not a feature value.")
                        : SkipValue(ref reader),
                };
                if (field < 0 || (value is string { Length: > 0 } text && missingValues.IsMissing(text)))
                {
                    continue;
                }

                if (field < features.Length)
                {
                    features[field] = value;
                }
                else if (field == features.Length)
                {
                    label = value;
                }
                else
                {
                    weight = value;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new TabularDataException(row, "the line is not valid JSON.", ex);
        }

        builder.AddRow(features, label, weight);
    }

    private static object? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
