using System.Collections.Concurrent;
using Feedback.Core.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Auth;

/// <summary>Builds the policy named by a <see cref="RequireAccessAttribute"/> (<c>access:{surface}:{permission}:{scope}</c>)
/// on first use; other names go to the registered policies.</summary>
internal sealed class AccessPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    private const string Prefix = "access:";

    private readonly ConcurrentDictionary<string, AuthorizationPolicy?> _built = new(StringComparer.Ordinal);

    public static string PolicyName(Permission permission, ModelScope scope, AccessSurface surface) =>
        $"{Prefix}{surface}:{permission}:{scope}";

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        ArgumentNullException.ThrowIfNull(policyName);
        return policyName.StartsWith(Prefix, StringComparison.Ordinal)
            ? _built.GetOrAdd(policyName, Build)
            : await base.GetPolicyAsync(policyName);
    }

    private static AuthorizationPolicy? Build(string name)
    {
        var parts = name[Prefix.Length..].Split(':');
        if (parts.Length != 3
            || !Enum.TryParse<AccessSurface>(parts[0], out var surface)
            || !Enum.TryParse<Permission>(parts[1], out var permission)
            || !Enum.TryParse<ModelScope>(parts[2], out var scope))
        {
            return null;
        }

        return new AuthorizationPolicyBuilder(surface == AccessSurface.Api ? CallerScheme.Name : UiAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new AccessRequirement(permission, scope))
            .Build();
    }
}
