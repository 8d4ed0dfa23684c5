using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Data;

/// <summary>A small mixed schema shared by the data, transform and bundle tests.</summary>
internal static class TestSchemas
{
    public static FeatureSchema Mixed() => new(
    [
        new FeatureSpec("amount", FeatureType.Numeric, Required: false),
        new FeatureSpec("country", FeatureType.Categorical, Required: false),
        new FeatureSpec("note", FeatureType.Text, Required: false),
        new FeatureSpec("premium", FeatureType.Boolean, Required: false),
        new FeatureSpec("region", FeatureType.Categorical, Required: false, Role: FeatureRole.SliceOnly),
        new FeatureSpec("id", FeatureType.Categorical, Required: false, Role: FeatureRole.Id),
    ]);

    public static LabelDefinition FraudLabel() => new("label", TaskKind.BinaryClassification, ["ok", "fraud"]);

    public static Dictionary<string, object?> Row(double? amount, string? country, string? note, bool? premium, string? label = null) => new()
    {
        ["amount"] = amount,
        ["country"] = country,
        ["note"] = note,
        ["premium"] = premium,
        ["region"] = "eu",
        ["id"] = Guid.NewGuid().ToString(),
        ["label"] = label,
    };
}
