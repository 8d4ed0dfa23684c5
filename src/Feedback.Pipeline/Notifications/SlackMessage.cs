using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Notifications;

namespace Feedback.Pipeline.Notifications;

/// <summary>Renders an outbox event as a Slack Block Kit message for an incoming-webhook URL (Mattermost accepts the
/// same shape): model, candidate against production with metric deltas, checks, why the run started, a link to the
/// approval, and Approve/Reject buttons while the request is pending; the outcome once decided or expired.</summary>
/// <remarks>The URL of an incoming webhook is itself the credential, so nothing is signed; the message id travels in
/// the <c>X-Feedback-Message-Id</c> header for de-duplication.</remarks>
public static class SlackMessage
{
    internal static HttpRequestMessage Request(NotificationChannel channel, NotificationMessage message, Uri? publicBaseUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, channel.Url)
        {
            Content = new StringContent(Render(message.Payload, publicBaseUrl).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Feedback-Message-Id", message.MessageId);
        return request;
    }

    /// <summary>The Block Kit message (<c>text</c> fallback plus <c>blocks</c>) for an event envelope.</summary>
    public static JsonObject Render(string payload, Uri? publicBaseUrl)
    {
        using var document = JsonDocument.Parse(payload);
        var type = document.RootElement.GetProperty("type").GetString();
        var data = document.RootElement.GetProperty("data");
        if (type is not (NotificationEvents.ApprovalRequested or NotificationEvents.ApprovalDecided or NotificationEvents.ApprovalExpired))
        {
            var text = Text(data, "text") ?? $"Feedback: {type}";
            return new JsonObject { ["text"] = text, ["blocks"] = new JsonArray(Section(text)) };
        }

        var approvalId = data.GetProperty("approvalId").GetInt64();
        var model = Text(data, "model");
        var run = data.GetProperty("run").GetInt32();
        var summary = data.GetProperty("summary");
        var baseline = summary.TryGetProperty("baselineVersion", out var b) && b.ValueKind == JsonValueKind.Number ? $"v{b.GetInt32()}" : "none yet";
        var title = type == NotificationEvents.ApprovalRequested ? $"Approval needed: {model} run #{run}" : $"{model} run #{run}: {Text(data, "status")}";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title } },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(
                    Markdown($"*Model*\n{model}"),
                    Markdown($"*Candidate vs production*\nrun #{run} vs {baseline}"),
                    Markdown($"*Why it ran*\n{Text(data, "trigger")}: {Text(data, "reason")}"),
                    Markdown($"*Expires*\n{Text(data, "expiresAt")}")),
            },
            Section(Metrics(summary)),
            Section(Checks(summary)),
        };
        if (type == NotificationEvents.ApprovalRequested)
        {
            var actions = new JsonArray
            {
                Button("Approve", "approve", approvalId, "primary"),
                Button("Reject", "reject", approvalId, "danger"),
            };
            if (publicBaseUrl is not null)
            {
                actions.Add(new JsonObject
                {
                    ["type"] = "button",
                    ["action_id"] = "open",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open comparison" },
                    ["url"] = new Uri(publicBaseUrl, $"approvals/{approvalId}").ToString(),
                });
            }

            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = $"approval-{approvalId}", ["elements"] = actions });
        }
        else
        {
            var outcome = type == NotificationEvents.ApprovalExpired
                ? $":hourglass: Expired at {Text(data, "decidedAt")}: no decision within the timeout (counts as a rejection)."
                : $"{(Text(data, "status") == "approved" ? ":white_check_mark: Approved" : ":x: Rejected")} by {Text(data, "decidedBy")} via {Text(data, "channel")} at {Text(data, "decidedAt")}"
                    + (Text(data, "comment") is { } comment ? $": {comment}" : ".");
            blocks.Add(Section(outcome));
        }

        return new JsonObject { ["text"] = title, ["blocks"] = blocks };
    }

    private static string Metrics(JsonElement summary)
    {
        if (!summary.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array || metrics.GetArrayLength() == 0)
        {
            return "*Metrics*\nnone reported";
        }

        var lines = new StringBuilder("*Metrics* (candidate, production, delta)");
        foreach (var metric in metrics.EnumerateArray())
        {
            lines.Append(CultureInfo.InvariantCulture, $"\n• {Text(metric, "metric")}: {Number(metric, "candidate", "0.000")} vs {Number(metric, "production", "0.000")} ({Number(metric, "delta", "+0.000;-0.000;0.000")})");
        }

        return lines.ToString();
    }

    private static string Checks(JsonElement summary)
    {
        var passed = summary.TryGetProperty("checksPassed", out var p) && p.ValueKind == JsonValueKind.True;
        var failures = summary.TryGetProperty("failures", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : 0;
        return passed ? "*Thresholds* :white_check_mark: all passed" : $"*Thresholds* :warning: {failures} failed";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    private static string Number(JsonElement element, string name, string format) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Markdown(text) };

    private static JsonObject Button(string label, string action, long approvalId, string style) => new()
    {
        ["type"] = "button",
        ["action_id"] = action,
        ["style"] = style,
        ["value"] = approvalId.ToString(CultureInfo.InvariantCulture),
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label },
    };
}
