using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Feedback.Pipeline.Notifications;

/// <summary>Creates channel signing secrets and keeps them only in protected form (Data Protection, keys in the database).</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    /// <summary>The Standard Webhooks prefix of a signing secret; the rest is the base64 key.</summary>
    public const string Prefix = "whsec_";

    private readonly IDataProtector _protector = provider.CreateProtector("Feedback.Notifications.ChannelSecret.v1");

    /// <summary>A new random secret (<c>whsec_</c> + 32 random bytes in base64).</summary>
    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
