using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Feedback.Pipeline.Notifications;

/// <summary>Standard Webhooks signatures: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>,
/// keyed with the base64 part of a <c>whsec_</c> secret.</summary>
public static class WebhookSignature
{
    /// <summary>The <c>webhook-signature</c> value for a message.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(ChannelSecrets.Prefix, StringComparison.Ordinal) ? secret[ChannelSecrets.Prefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Whether any of the space-separated signatures in <paramref name="header"/> matches (constant-time),
    /// as a receiver checks it.</summary>
    public static bool Verify(string secret, string messageId, long timestamp, string body, string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }
}
