using System.Collections.Frozen;
using Feedback.Core.Errors;
using Feedback.Core.Users;

namespace Feedback.Core.Access;

/// <summary>Who is calling: an API key (scopes, optional model restriction) or a signed-in user (roles, every model),
/// with the permissions both map to.</summary>
public sealed record Caller
{
    public Caller(string keyId, string source, ApiKeyScopes scopes, IReadOnlySet<string>? models)
    {
        KeyId = keyId;
        Source = source;
        Scopes = scopes;
        Models = models;
        Permissions = AccessRules.OfScopes(scopes);
    }

    private Caller(string userName, UserRoles roles)
    {
        UserName = userName;
        KeyId = UserRoleNames.AnnotatorIdOf(userName);
        Source = KeyId;
        Kind = CallerKind.User;
        Roles = roles;
        Scopes = roles.HasFlag(UserRoles.Admin) ? ApiKeyScopes.Admin : ApiKeyScopes.None;
        Permissions = AccessRules.OfRoles(roles);
    }

    /// <summary>The key id, or <c>user:{name}</c> for a user.</summary>
    public string KeyId { get; }

    /// <summary>Default idempotency namespace of the feedback this caller sends.</summary>
    public string Source { get; }

    public ApiKeyScopes Scopes { get; }

    /// <summary>The models this caller is limited to; null means every model.</summary>
    public IReadOnlySet<string>? Models { get; }

    public CallerKind Kind { get; } = CallerKind.ApiKey;

    public UserRoles Roles { get; }

    public string? UserName { get; }

    public FrozenSet<Permission> Permissions { get; }

    /// <summary>The annotator identity of this caller: <c>key:{id}</c> or <c>user:{name}</c>.</summary>
    public string Actor => Kind == CallerKind.User ? KeyId : $"key:{KeyId}";

    /// <summary>Not limited to a set of models.</summary>
    public bool IsUnrestricted => Models is null;

    /// <summary>A signed-in user: every model, the permissions of the user's roles.</summary>
    public static Caller ForUser(string userName, UserRoles roles)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        return new Caller(userName, roles);
    }

    public bool Has(ApiKeyScopes scope) => (Scopes & (scope | ApiKeyScopes.Admin)) != 0;

    public bool May(Permission permission) => Permissions.Contains(permission);

    public bool CanAccess(string modelName) => Models is null || Models.Contains(modelName);

    public void EnsureCanAccess(string modelName)
    {
        if (!CanAccess(modelName))
        {
            throw new AccessDeniedException($"This API key is not allowed to use model '{modelName}'.");
        }
    }
}
