using System.Text;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Text;

namespace Feedback.Core.Json;

/// <summary>Walks a JSON document before it is bound and refuses any string or property name the databases cannot
/// store (an escaped NUL or an unpaired surrogate), naming its JSON path. Raw bytes are already checked by the reader
/// (invalid UTF-8 is a syntax error); only escapes can smuggle such characters in.</summary>
public static class JsonTextGuard
{
    /// <exception cref="InvalidInputException">A string holds text that cannot be stored.</exception>
    public static void Check(ReadOnlySpan<byte> utf8, string? pathPrefix = null)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = FeedbackJson.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var path = new PathTracker(pathPrefix);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.EnterValue();
                        path.Push(array: false);
                        break;
                    case JsonTokenType.StartArray:
                        path.EnterValue();
                        path.Push(array: true);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Unescaped(ref reader, path.Current);
                        path.SetProperty(name);
                        break;
                    case JsonTokenType.String:
                        path.EnterValue();
                        Unescaped(ref reader, path.Current);
                        break;
                    default:
                        path.EnterValue();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Syntax errors are reported by the binder with its own positions; this guard only looks at text.
        }
    }

    private static string Unescaped(ref Utf8JsonReader reader, string path)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan);
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidInputException(path, "contains an unpaired UTF-16 surrogate escape: not valid Unicode text");
        }

        if (StorableText.Problem(value) is { } problem)
        {
            throw new InvalidInputException(path, problem);
        }

        return value;
    }

    /// <summary>Keeps the JSON path of the current token, e.g. <c>features.city</c> or <c>events[3].comment</c>.</summary>
    private sealed class PathTracker(string? prefix)
    {
        private readonly List<Frame> _frames = [];

        public string Current
        {
            get
            {
                var builder = new StringBuilder(prefix ?? string.Empty);
                foreach (var frame in _frames)
                {
                    if (frame.Array)
                    {
                        if (frame.Index >= 0)
                        {
                            builder.Append('[').Append(frame.Index).Append(']');
                        }
                    }
                    else if (frame.Property is not null)
                    {
                        if (builder.Length > 0)
                        {
                            builder.Append('.');
                        }

                        builder.Append(frame.Property);
                    }
                }

                return builder.Length == 0 ? "body" : builder.ToString();
            }
        }

        public void Push(bool array) => _frames.Add(new Frame { Array = array, Index = -1 });

        public void Pop()
        {
            if (_frames.Count > 0)
            {
                _frames.RemoveAt(_frames.Count - 1);
            }
        }

        public void SetProperty(string name)
        {
            if (_frames.Count > 0)
            {
                _frames[^1].Property = name;
            }
        }

        /// <summary>A value starts: in an array it is the next element.</summary>
        public void EnterValue()
        {
            if (_frames.Count > 0 && _frames[^1].Array)
            {
                _frames[^1].Index++;
            }
        }

        private sealed class Frame
        {
            public bool Array { get; init; }

            public int Index { get; set; }

            public string? Property { get; set; }
        }
    }
}
