using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Core.Annotation;

internal static class AnnotationLimits
{
    public const int MaxInstructionsLength = 20_000;
    public const int MaxOverlap = 25;
    public const int MaxQuota = 10_000;
    public const int MaxExplicitIds = 10_000;
    public const int MaxSources = 20;
}

/// <summary>How project settings are stored: camelCase, nulls omitted.</summary>
internal static class AnnotationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
