using Feedback.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Auth;

/// <summary>Where a rule is enforced: the API (an API key or the UI cookie; failures answer problem details) or a
/// page (the UI cookie; failures redirect to sign-in or the access-denied page).</summary>
internal enum AccessSurface
{
    Api,
    Page,
}

/// <summary>The one authorisation rule of a route or page: the permission it needs and how its resource belongs to a
/// model. The policy behind it (built by <see cref="AccessPolicyProvider"/>) is checked by <see cref="AccessHandler"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RequireAccessAttribute : AuthorizeAttribute
{
    public RequireAccessAttribute(Permission permission, ModelScope scope, AccessSurface surface = AccessSurface.Page)
    {
        Permission = permission;
        Scope = scope;
        Surface = surface;
        Policy = AccessPolicyProvider.PolicyName(permission, scope, surface);
    }

    public Permission Permission { get; }

    public ModelScope Scope { get; }

    public AccessSurface Surface { get; }
}

internal static class AccessEndpointExtensions
{
    /// <summary>Requires <paramref name="permission"/> on a model reached through <paramref name="scope"/>.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Permission permission, ModelScope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequireAccessAttribute(permission, scope, AccessSurface.Api));
}
