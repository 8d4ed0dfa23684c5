using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Core.Runs;

/// <summary>Writes run, step and approval states as camelCase names (<c>waitingForApproval</c>), as the API shows them.</summary>
public sealed class WireEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
