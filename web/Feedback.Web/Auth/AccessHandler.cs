using Feedback.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Auth;

/// <summary>A permission on a model reached through a route.</summary>
internal sealed record AccessRequirement(Permission Permission, ModelScope Scope) : IAuthorizationRequirement;

/// <summary>The route's resource belongs to a model the caller may not use; answered as 404 so that a limited key
/// cannot learn which other models, runs or approvals exist.</summary>
internal sealed class ModelOutOfScope(IAuthorizationHandler handler, string model)
    : AuthorizationFailureReason(handler, $"This caller is not allowed to use model '{model}'.");

/// <summary>Checks every <see cref="AccessRequirement"/>: the caller (API key or signed-in user) holds the permission
/// and, for a model-limited key, the route's resource belongs to one of its models.</summary>
internal sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http || http.FindCaller(context.User) is not { } caller)
        {
            return;
        }

        if (!caller.May(requirement.Permission))
        {
            context.Fail(new AuthorizationFailureReason(this, Describe(caller, requirement.Permission)));
            return;
        }

        switch (requirement.Scope)
        {
            case ModelScope.Filtered:
                break;
            case ModelScope.Global when !caller.IsUnrestricted:
                context.Fail(new AuthorizationFailureReason(this, "A key limited to some models cannot act on what belongs to no single model (users, subjects)."));
                return;
            case ModelScope.Global:
                break;
            default:
                if (!caller.IsUnrestricted)
                {
                    var ownership = http.RequestServices.GetRequiredService<ModelOwnership>();
                    var model = await ownership.ModelOfAsync(requirement.Scope, name => http.Request.RouteValues[name]?.ToString(), http.RequestAborted);
                    if (model is not null && !caller.CanAccess(model))
                    {
                        context.Fail(new ModelOutOfScope(this, model));
                        return;
                    }
                }

                break;
        }

        context.Succeed(requirement);
    }

    private static string Describe(Caller caller, Permission permission) => caller.Kind == CallerKind.ApiKey
        ? $"This API key's scopes do not include the permission '{permission}' that this endpoint requires."
        : $"Your roles do not include the permission '{permission}' that this page or endpoint requires.";
}
