using System.Text;

namespace Feedback.Cli.Import;

/// <summary>Streams RFC 4180 records (quoted fields with <c>""</c> escapes and embedded line breaks; CRLF or LF) and
/// remembers the line each record starts on, so errors can name it.</summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private long _line = 1;

    /// <summary>The line the last record read starts on (1 is the first line of the file).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads one record into <paramref name="fields"/>; false at the end of the input.</summary>
    /// <exception cref="UsageException">A quoted field is malformed or not closed.</exception>
    public bool ReadRecord(List<string> fields)
    {
        fields.Clear();
        if (Peek() < 0)
        {
            return false;
        }

        RecordLine = _line;
        while (true)
        {
            _field.Clear();
            var c = Peek();
            if (c == '"')
            {
                _position++;
                ReadQuoted();
                c = Peek();
                if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    throw new UsageException($"line {_line}", $"unexpected '{(char)c}' after a closing quote (field {fields.Count + 1})");
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

            _line++;
            return true;
        }
    }

    private void ReadQuoted()
    {
        var start = _line;
        while (true)
        {
            var c = Peek();
            if (c < 0)
            {
                throw new UsageException($"line {start}", "a quoted field is not closed before the end of the file");
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
            else if (c == '\n')
            {
                _line++;
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
