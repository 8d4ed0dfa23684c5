namespace Feedback.Core.Errors;

/// <summary>Collects validation errors keyed by field path (<c>events[3].label</c>), in the order found.</summary>
public sealed class FieldErrors
{
    /// <summary>Beyond this many errors we stop collecting: the client has enough to fix.</summary>
    public const int MaxErrors = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _count;

    public bool HasErrors => _count > 0;

    public int Count => _count;

    public bool IsFull => _count >= MaxErrors;

    public static FieldErrors For(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (IsFull)
        {
            return;
        }

        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
        _count++;
    }

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new InvalidInputException(this);
        }
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public string Summary()
    {
        var first = _errors.FirstOrDefault();
        return first.Key is null
            ? "The request is invalid."
            : _count == 1 ? $"{first.Key}: {first.Value[0]}" : $"{first.Key}: {first.Value[0]} (and {_count - 1} more errors)";
    }
}
