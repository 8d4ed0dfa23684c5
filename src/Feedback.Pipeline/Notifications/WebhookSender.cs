using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Feedback.Core.Notifications;

namespace Feedback.Pipeline.Notifications;

/// <summary>Sends a message as a Standard Webhooks request: the stored JSON body with <c>webhook-id</c>,
/// <c>webhook-timestamp</c> and <c>webhook-signature</c> headers.</summary>
internal static class WebhookSender
{
    public static HttpRequestMessage Request(NotificationChannel channel, NotificationMessage message, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, channel.Url)
        {
            Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, message.MessageId, timestamp, message.Payload));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Feedback-Webhooks", "1"));
        return request;
    }
}
