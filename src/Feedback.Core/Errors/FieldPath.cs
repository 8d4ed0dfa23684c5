namespace Feedback.Core.Errors;

/// <summary>Builds field paths for error keys: <c>events[3].label</c>, or just <c>label</c> at the top level.</summary>
public static class FieldPath
{
    public static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";
}
