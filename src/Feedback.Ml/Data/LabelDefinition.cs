using Feedback.Ml.Training;

namespace Feedback.Ml.Data;

/// <summary>Where a row's label (and optional weight) comes from, and how it is encoded.</summary>
/// <remarks>For classification the label value is matched, as a string (ordinal comparison), against
/// <see cref="Classes"/>; its position there is the class index. Numbers are matched by their invariant-culture
/// text (<c>1</c>, <c>0.5</c>) and booleans as <c>true</c>/<c>false</c>.</remarks>
public sealed class LabelDefinition
{
    /// <summary>Creates a label definition.</summary>
    /// <param name="column">Name of the label field in the raw rows.</param>
    /// <param name="task">The learning task.</param>
    /// <param name="classes">The class names, in class-index order; required for classification, ignored for regression.</param>
    /// <param name="weightColumn">Optional name of a numeric per-row weight field; missing weights are 1.</param>
    /// <exception cref="ArgumentException">Classes are missing, duplicated or of the wrong count for the task.</exception>
    public LabelDefinition(string column, TaskKind task, IReadOnlyList<string>? classes = null, string? weightColumn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        Column = column;
        Task = task;
        WeightColumn = weightColumn;
        if (task == TaskKind.Regression)
        {
            Classes = [];
            return;
        }

        if (classes is null || classes.Count < 2)
        {
            throw new ArgumentException($"A {task} label needs at least two classes, got {classes?.Count ?? 0}.", nameof(classes));
        }

        if (task == TaskKind.BinaryClassification && classes.Count != 2)
        {
            throw new ArgumentException($"A binary label needs exactly two classes, got {classes.Count}.", nameof(classes));
        }

        if (classes.Distinct(StringComparer.Ordinal).Count() != classes.Count)
        {
            throw new ArgumentException("Label classes must be distinct.", nameof(classes));
        }

        Classes = classes.ToArray();
    }

    /// <summary>Name of the label field.</summary>
    public string Column { get; }

    /// <summary>The learning task.</summary>
    public TaskKind Task { get; }

    /// <summary>Class names in index order (empty for regression).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Name of the weight field, or null when every row weighs 1.</summary>
    public string? WeightColumn { get; }

    /// <summary>2 for binary, the class count for multiclass, 1 for regression.</summary>
    public int ClassCount => Task == TaskKind.Regression ? 1 : Classes.Count;
}
