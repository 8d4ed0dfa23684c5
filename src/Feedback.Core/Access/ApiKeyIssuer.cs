using System.Security.Cryptography;
using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Access;

/// <summary>The body of <c>POST /apikeys</c>.</summary>
public sealed class ApiKeyRequest
{
    public string? Name { get; set; }

    /// <summary>predict, feedback, annotate, admin.</summary>
    public List<string>? Scopes { get; set; }

    /// <summary>Limit the key to these models; omit for all.</summary>
    public List<string>? Models { get; set; }

    /// <summary>Idempotency namespace for feedback sent with the key; defaults to <c>key:{id}</c>.</summary>
    public string? Source { get; set; }
}

public sealed record ApiKeyResource(string Id, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Models, string Source, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A newly created key: <see cref="Key"/> is the only time the secret is visible.</summary>
public sealed record IssuedApiKey(ApiKeyResource ApiKey, string Key);

/// <summary>Creates, lists and revokes API keys. Keys look like <c>fbk_{id}_{secret}</c>; only SHA-256 of the secret is stored.</summary>
public sealed class ApiKeyIssuer(FeedbackDbContext context, TimeProvider timeProvider, ApiKeyVerifier verifier)
{
    public const string Prefix = "fbk_";

    public static readonly IReadOnlyDictionary<string, ApiKeyScopes> ScopeNames = new Dictionary<string, ApiKeyScopes>(StringComparer.Ordinal)
    {
        ["predict"] = ApiKeyScopes.Predict,
        ["feedback"] = ApiKeyScopes.Feedback,
        ["annotate"] = ApiKeyScopes.Annotate,
        ["admin"] = ApiKeyScopes.Admin,
    };

    /// <summary>Creates a key on the operator's behalf (bootstrap, command line): no grantor to bound it.</summary>
    public Task<IssuedApiKey> CreateAsync(string? name, IReadOnlyList<string>? scopes, IReadOnlyList<string>? models, string? source, CancellationToken cancellationToken) =>
        CreateAsync(name, scopes, models, source, grantor: null, cancellationToken);

    /// <summary>Creates a key that holds no permission and reaches no model that <paramref name="grantor"/> lacks.</summary>
    /// <exception cref="AccessDeniedException">The key would be wider than its grantor.</exception>
    public async Task<IssuedApiKey> CreateAsync(
        string? name, IReadOnlyList<string>? scopes, IReadOnlyList<string>? models, string? source, Caller? grantor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            errors.Add("name", "is required: 1-128 characters");
        }

        var parsed = ApiKeyScopes.None;
        if (scopes is null || scopes.Count == 0)
        {
            errors.Add("scopes", "at least one scope is required: predict, feedback, annotate or admin");
        }
        else
        {
            for (var i = 0; i < scopes.Count; i++)
            {
                if (ScopeNames.TryGetValue(scopes[i] ?? string.Empty, out var scope))
                {
                    parsed |= scope;
                }
                else
                {
                    errors.Add($"scopes[{i}]", $"'{scopes[i]}' is not a scope: use predict, feedback, annotate or admin");
                }
            }
        }

        for (var i = 0; i < (models?.Count ?? 0); i++)
        {
            if (!ModelNames.IsValid(models![i]))
            {
                errors.Add($"models[{i}]", ModelNames.Rule);
            }
        }

        if (source is not null && (source.Length is 0 or > 128))
        {
            errors.Add("source", "must be 1-128 characters");
        }

        errors.ThrowIfAny();
        if (grantor is not null)
        {
            if (!AccessRules.CanGrant(grantor, parsed))
            {
                throw new AccessDeniedException("A key cannot be given scopes wider than those of the caller creating it.");
            }

            if (!AccessRules.CanGrant(grantor, models))
            {
                throw new AccessDeniedException(
                    $"This caller is limited to the models [{string.Join(", ", grantor.Models!.Order(StringComparer.Ordinal))}]: a key it creates must name 'models', all among them.");
            }
        }

        var id = RandomId();
        var secret = Base64UrlSecret();
        var key = new ApiKey
        {
            Id = id,
            Name = name!,
            SecretHash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret)),
            Scopes = parsed,
            Models = models is { Count: > 0 } ? models.Distinct(StringComparer.Ordinal).ToList() : null,
            Source = source ?? $"key:{id}",
            CreatedAt = Timestamps.Normalize(timeProvider.GetUtcNow()),
        };
        context.ApiKeys.Add(key);
        await context.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(ToResource(key), $"{Prefix}{id}_{secret}");
    }

    public async Task<IReadOnlyList<ApiKeyResource>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await context.ApiKeys.OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.Select(ToResource).ToList();
    }

    /// <summary>The keys <paramref name="caller"/> may see: all for an unrestricted caller, else those limited to its models.</summary>
    public async Task<IReadOnlyList<ApiKeyResource>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var keys = await context.ApiKeys.OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.Where(k => Reaches(caller, k)).Select(ToResource).ToList();
    }

    /// <summary>Revokes a key the caller may see (false when there is none such: a limited caller cannot even learn
    /// that a wider key exists).</summary>
    public async Task<bool> RevokeAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var key = await context.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is not null && Reaches(caller, key) && await RevokeAsync(id, cancellationToken);
    }

    private static bool Reaches(Caller caller, ApiKey key) =>
        caller.Models is null || (key.Models is { Count: > 0 } && key.Models.All(caller.Models.Contains));

    public async Task<bool> AnyAsync(CancellationToken cancellationToken) => await context.ApiKeys.AnyAsync(cancellationToken);

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var changed = await context.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        verifier.Forget(id);
        return changed > 0 || await context.ApiKeys.AnyAsync(k => k.Id == id, cancellationToken);
    }

    public static ApiKeyResource ToResource(ApiKey key) => new(
        key.Id,
        key.Name,
        ScopeNames.Where(s => key.Scopes.HasFlag(s.Value)).Select(s => s.Key).ToList(),
        key.Models,
        key.Source,
        key.CreatedAt,
        key.RevokedAt);

    private static string RandomId()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 12);
    }

    private static string Base64UrlSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
