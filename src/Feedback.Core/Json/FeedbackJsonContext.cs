using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;

namespace Feedback.Core.Json;

/// <summary>Source-generated metadata for the ingestion bodies: no reflection on the hot path.</summary>
[JsonSerializable(typeof(FeedbackRequestBody))]
[JsonSerializable(typeof(FeedbackEventInput))]
[JsonSerializable(typeof(PredictionLogBody))]
[JsonSerializable(typeof(PredictionLogInput))]
[JsonSerializable(typeof(ModelDefinitionDocument))]
[JsonSerializable(typeof(Access.ApiKeyRequest))]
[JsonSerializable(typeof(Users.UserRequest))]
[JsonSerializable(typeof(Annotation.AnnotationProjectRequest))]
[JsonSerializable(typeof(Annotation.GoldItemsRequest))]
[JsonSerializable(typeof(Annotation.AnswerRequest))]
[JsonSerializable(typeof(Serving.PredictRequest))]
[JsonSerializable(typeof(AliasMoveRequest))]
[JsonSerializable(typeof(Runs.RunRequest))]
[JsonSerializable(typeof(Runs.ApprovalDecisionRequest))]
[JsonSerializable(typeof(Notifications.ChannelRequest))]
internal sealed partial class FeedbackJsonContext : JsonSerializerContext;

/// <summary>The product's JSON rules for request bodies: camelCase, strict (unknown fields, duplicate fields,
/// numbers in strings and NaN literals are errors).</summary>
public static class FeedbackJson
{
    /// <summary>The deepest nesting a request body may have.</summary>
    public const int MaxDepth = 32;

    public static JsonSerializerOptions Strict { get; } = CreateStrict();

    /// <summary>Options for writing responses and stored documents: camelCase, nulls omitted.</summary>
    public static JsonSerializerOptions Output { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = FeedbackJsonContext.Default,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            AllowDuplicateProperties = false,
            MaxDepth = MaxDepth,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly();
        return options;
    }
}
