using System.Collections.Frozen;
using Feedback.Core.Users;

namespace Feedback.Core.Access;

/// <summary>The single table of who may do what: API key scopes and user roles to permissions.</summary>
public static class AccessRules
{
    private static readonly FrozenSet<Permission> Everything = Enum.GetValues<Permission>().ToFrozenSet();

    private static readonly Dictionary<ApiKeyScopes, Permission[]> ScopePermissions = new()
    {
        [ApiKeyScopes.Predict] = [Permission.Predict, Permission.ReadModels],
        [ApiKeyScopes.Feedback] = [Permission.SendFeedback, Permission.ReadModels],
        [ApiKeyScopes.Annotate] = [Permission.Annotate, Permission.ReadAnnotationProjects, Permission.ReadModels],
    };

    private static readonly Dictionary<UserRoles, Permission[]> RolePermissions = new()
    {
        [UserRoles.Annotator] = [Permission.Annotate, Permission.ReadAnnotationProjects],
        [UserRoles.Expert] = [Permission.Annotate, Permission.ReviewAnnotations, Permission.ReadAnnotationProjects],
        [UserRoles.Approver] = [Permission.ReadModels, Permission.ReadRuns, Permission.DecideApprovals],
        [UserRoles.Engineer] =
        [
            Permission.ReadModels, Permission.ManageModels, Permission.ReadRuns, Permission.OperateRuns,
            Permission.ManageAnnotation, Permission.ReadAnnotationProjects, Permission.Predict, Permission.SendFeedback,
        ],
    };

    /// <summary>The permissions of an API key with these scopes; <c>admin</c> holds every permission.</summary>
    public static FrozenSet<Permission> OfScopes(ApiKeyScopes scopes)
    {
        if (scopes.HasFlag(ApiKeyScopes.Admin))
        {
            return Everything;
        }

        return ScopePermissions.Where(p => scopes.HasFlag(p.Key)).SelectMany(p => p.Value).ToFrozenSet();
    }

    /// <summary>The permissions of a user with these roles; <c>admin</c> holds every permission.</summary>
    public static FrozenSet<Permission> OfRoles(UserRoles roles)
    {
        if (roles.HasFlag(UserRoles.Admin))
        {
            return Everything;
        }

        return RolePermissions.Where(p => roles.HasFlag(p.Key)).SelectMany(p => p.Value).ToFrozenSet();
    }

    /// <summary>True when a key with <paramref name="scopes"/> would hold no permission <paramref name="caller"/> lacks.</summary>
    public static bool CanGrant(Caller caller, ApiKeyScopes scopes)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return OfScopes(scopes).All(caller.May);
    }

    /// <summary>True when a key limited to <paramref name="models"/> (null: every model) reaches no model the caller cannot.</summary>
    public static bool CanGrant(Caller caller, IReadOnlyCollection<string>? models)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Models is null || (models is { Count: > 0 } && models.All(caller.Models.Contains));
    }
}
