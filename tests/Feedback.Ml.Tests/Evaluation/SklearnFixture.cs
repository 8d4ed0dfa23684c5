using System.Text.Json;

namespace Feedback.Ml.Tests.Evaluation;

/// <summary>Reads Fixtures/Evaluation/sklearn_metrics.json, written by make_sklearn_fixtures.py next to it.</summary>
internal static class SklearnFixture
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "sklearn_metrics.json"))));

    public static JsonElement Case(string group, string name) => Document.Value.RootElement.GetProperty(group).GetProperty(name);

    public static double[] Doubles(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static double[]? OptionalDoubles(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.Doubles(property);

    public static double Number(this JsonElement element, string property) => element.GetProperty(property).GetDouble();
}
