using System.Text.Json.Serialization;

namespace Feedback.Core.Predictions;

[JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class FeedbackScoresJsonContext : JsonSerializerContext;
