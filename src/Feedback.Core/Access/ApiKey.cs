namespace Feedback.Core.Access;

/// <summary>A client credential. Only a hash of the secret is stored; the full key is shown once, at creation.</summary>
public sealed class ApiKey
{
    /// <summary>Public identifier, also the key's prefix (<c>fbk_{Id}_{secret}</c>).</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the secret part. The secret is 256 random bits, so a fast hash is safe here.</summary>
    public required byte[] SecretHash { get; set; }

    public ApiKeyScopes Scopes { get; set; }

    /// <summary>Model names the key is limited to; null means every model.</summary>
    public List<string>? Models { get; set; }

    /// <summary>Default idempotency namespace for feedback sent with this key.</summary>
    public required string Source { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Predict = 1,
    Feedback = 2,
    Annotate = 4,
    Admin = 8,
}
