using System.Text;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Data;

/// <summary>Reads RFC 4180 CSV (a header row, comma-separated fields, double-quoted fields with <c>""</c> escapes and
/// embedded line breaks, CRLF or LF line ends) into a <see cref="TabularData"/>, streaming: each field goes straight
/// into its typed column and no line is kept.</summary>
/// <remarks>An empty field or a <see cref="MissingValueTokens"/> token (by default <c>NA</c>, <c>N/A</c>, <c>null</c>,
/// <c>NaN</c>, ignoring case) is a missing value. Header names are matched to schema features, the label column and the
/// weight column; other columns are skipped.</remarks>
public static class CsvTabularReader
{
    /// <summary>Reads CSV text.</summary>
    /// <exception cref="TabularDataException">A row has a bad value (the message names the row and column) or malformed quoting.</exception>
    public static TabularData Read(TextReader reader, FeatureSchema schema, LabelDefinition? label = null, CancellationToken cancellationToken = default) =>
        Read(reader, schema, label, MissingValueTokens.Default, cancellationToken);

    /// <summary>Reads CSV text with the given missing-value tokens.</summary>
    /// <exception cref="TabularDataException">A row has a bad value (the message names the row and column) or malformed quoting.</exception>
    public static TabularData Read(TextReader reader, FeatureSchema schema, LabelDefinition? label, MissingValueTokens missingValues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(missingValues);
        var builder = new TabularDataBuilder(schema, label);
        var parser = new FieldParser(reader);
        var header = new List<string>();
        if (!parser.ReadRecord(header, 0))
        {
            return builder.Build();
        }

        var fieldOf = header.Select(builder.FieldIndex).ToArray();
        var features = new object?[builder.FeatureCount];
        var cells = new List<string>(header.Count);
        long row = 0;
        while (parser.ReadRecord(cells, row + 1))
        {
            row++;
            if ((row & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue; // A blank line, typically the last one.
            }

            if (cells.Count != header.Count)
            {
                throw new TabularDataException(row, $"the row has {cells.Count} fields; the header has {header.Count}.");
            }

            Array.Clear(features);
            object? labelValue = null;
            object? weightValue = null;
            for (var i = 0; i < cells.Count; i++)
            {
                var field = fieldOf[i];
                if (field < 0 || (cells[i].Length > 0 && missingValues.IsMissing(cells[i])))
                {
                    continue;
                }

                if (field < features.Length)
                {
                    features[field] = cells[i];
                }
                else if (field == features.Length)
                {
                    labelValue = cells[i];
                }
                else
                {
                    weightValue = cells[i];
                }
            }

            builder.AddRow(features, labelValue, weightValue);
        }

        return builder.Build();
    }

    /// <summary>Reads a CSV file (UTF-8).</summary>
    public static TabularData Read(string path, FeatureSchema schema, LabelDefinition? label = null, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, schema, label, cancellationToken);
    }

    /// <summary>A character-level RFC 4180 state machine over a buffered reader.</summary>
    private sealed class FieldParser(TextReader reader)
    {
        private readonly char[] _buffer = new char[1 << 16];
        private readonly StringBuilder _field = new();
        private int _position;
        private int _length;

        /// <summary>Reads one record into <paramref name="fields"/>; false at end of input.</summary>
        public bool ReadRecord(List<string> fields, long row)
        {
            fields.Clear();
            if (Peek() < 0)
            {
                return false;
            }

            while (true)
            {
                _field.Clear();
                int c = Peek();
                if (c == '"')
                {
                    _position++;
                    ReadQuoted(row);
                    c = Peek();
                    if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        throw new TabularDataException(row, $"unexpected '{(char)c}' after a closing quote (field {fields.Count + 1}).");
                    }
                }
                else
                {
                    while ((c = Peek()) >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        _field.Append((char)c);
                        _position++;
                    }
                }

                fields.Add(_field.ToString());
                if (c == ',')
                {
                    _position++;
                    continue;
                }

                if (c == '\r')
                {
                    _position++;
                    if (Peek() == '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '\n')
                {
                    _position++;
                }

                return true;
            }
        }

        private void ReadQuoted(long row)
        {
            while (true)
            {
                var c = Peek();
                if (c < 0)
                {
                    throw new TabularDataException(row, "a quoted field is not closed before the end of the input.");
                }

                _position++;
                if (c == '"')
                {
                    if (Peek() != '"')
                    {
                        return;
                    }

                    _position++;
                }

                _field.Append((char)c);
            }
        }

        private int Peek()
        {
            if (_position == _length)
            {
                _length = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length <= 0)
                {
                    _length = 0;
                    return -1;
                }
            }

            return _buffer[_position];
        }
    }
}
