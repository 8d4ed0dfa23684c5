using Feedback.Core.Errors;

namespace Feedback.Core.Access;

/// <summary>Who is calling: an authenticated API key's identity, scopes and model restriction.</summary>
public sealed record Caller(string KeyId, string Source, ApiKeyScopes Scopes, IReadOnlySet<string>? Models)
{
    public bool Has(ApiKeyScopes scope) => (Scopes & (scope | ApiKeyScopes.Admin)) != 0;

    public bool CanAccess(string modelName) => Models is null || Models.Contains(modelName);

    public void EnsureCanAccess(string modelName)
    {
        if (!CanAccess(modelName))
        {
            throw new AccessDeniedException($"This API key is not allowed to use model '{modelName}'.");
        }
    }
}
