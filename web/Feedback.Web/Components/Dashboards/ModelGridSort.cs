using System.Globalization;
using Feedback.Core.Dashboards;

namespace Feedback.Web.Components.Dashboards;

/// <summary>A column of the models grid, named in the URL by <see cref="ModelGridSort.Key"/>.</summary>
public enum ModelColumn
{
    Name,
    Production,
    Traffic,
    Feedback,
    Coverage,
    LastRun,
}

/// <summary>How the models grid is sorted; it lives in the URL (<c>?sort=traffic&amp;dir=desc</c>) so that a sorted view
/// can be linked and survives a reload. Unknown values fall back to the default (name, ascending) rather than fail.</summary>
public sealed record ModelGridSort(ModelColumn Column, bool Descending)
{
    public static readonly ModelGridSort Default = new(ModelColumn.Name, false);

    public static ModelGridSort Parse(string? sort, string? dir)
    {
        var column = Enum.GetValues<ModelColumn>().Where(c => string.Equals(Key(c), sort, StringComparison.OrdinalIgnoreCase)).Cast<ModelColumn?>().FirstOrDefault();
        return column is { } found
            ? new ModelGridSort(found, string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase))
            : Default;
    }

    public static string Key(ModelColumn column) => column switch
    {
        ModelColumn.LastRun => "lastrun",
        _ => column.ToString().ToLowerInvariant(),
    };

    /// <summary>The sort after clicking <paramref name="column"/>'s header: the same column flips; another column starts
    /// with its most useful end (names A→Z, figures largest first).</summary>
    public ModelGridSort Toggle(ModelColumn column) =>
        column == Column ? this with { Descending = !Descending } : new ModelGridSort(column, column != ModelColumn.Name);

    public string Href(string path) => string.Create(CultureInfo.InvariantCulture, $"{path}?sort={Key(Column)}&dir={(Descending ? "desc" : "asc")}");

    /// <summary>The rows in this order; models without a value (no production version, no join yet, no run) come
    /// last either way, then by name.</summary>
    public IReadOnlyList<ModelSummary> Apply(IEnumerable<ModelSummary> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (Column == ModelColumn.Name)
        {
            return Descending
                ? [.. models.OrderByDescending(m => m.Name, StringComparer.Ordinal)]
                : [.. models.OrderBy(m => m.Name, StringComparer.Ordinal)];
        }

        var withValue = models.Where(m => Value(m) is not null);
        var ordered = Descending ? withValue.OrderByDescending(Value) : withValue.OrderBy(Value);
        return [.. ordered.ThenBy(m => m.Name, StringComparer.Ordinal), .. models.Where(m => Value(m) is null).OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    private double? Value(ModelSummary model) => Column switch
    {
        ModelColumn.Production => model.ProductionVersion,
        ModelColumn.Traffic => model.PredictionsPerMinute,
        ModelColumn.Feedback => model.FeedbackRate,
        ModelColumn.Coverage => model.LabelCoverage,
        ModelColumn.LastRun => model.LastRun?.At.ToUnixTimeMilliseconds(),
        _ => null,
    };
}
