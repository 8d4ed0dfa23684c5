using System.Text.Json.Serialization;

namespace Feedback.Core.Labels;

/// <summary>Where a resolved label came from, in priority order (SPEC §3.2): a lower value beats a higher one.</summary>
[JsonConverter(typeof(LabelSourceJsonConverter))]
public enum LabelSource
{
    /// <summary>An expert's annotation; overrides everything else.</summary>
    Expert = 0,

    /// <summary>Delayed ground truth from another system.</summary>
    Outcome = 1,

    /// <summary>The true label supplied by the user.</summary>
    Correction = 2,

    /// <summary>The crowd's aggregated annotation, when confident enough.</summary>
    Crowd = 3,

    /// <summary>Thumbs or stars, mapped by the label policy.</summary>
    Rating = 4,

    /// <summary>A positive implicit action within its attribution window (binary models).</summary>
    Action = 5,

    /// <summary>No positive action once every attribution window closed, when the policy opts in (binary models).</summary>
    NoActionNegative = 6,
}

/// <summary>The wire names of <see cref="LabelSource"/> (kebab-case), as stored in <c>labeled_examples.label_source</c>.</summary>
public static class LabelSourceNames
{
    private static readonly string[] Names = ["expert", "outcome", "correction", "crowd", "rating", "action", "no-action-negative"];

    /// <summary>The kebab-case name, e.g. <c>no-action-negative</c>.</summary>
    public static string ToWire(LabelSource source) =>
        (int)source >= 0 && (int)source < Names.Length ? Names[(int)source] : throw new ArgumentOutOfRangeException(nameof(source), source, null);

    /// <summary>Parses a kebab-case name back; false for anything else.</summary>
    public static bool TryParse(string? name, out LabelSource source)
    {
        var index = Array.IndexOf(Names, name);
        source = (LabelSource)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Parses a stored name; throws on an unknown one (the database only holds names written by <see cref="ToWire"/>).</summary>
    public static LabelSource Parse(string name) =>
        TryParse(name, out var source) ? source : throw new FormatException($"'{name}' is not a label source.");
}
