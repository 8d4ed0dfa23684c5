using Feedback.Core.Users;
using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Auth;

/// <summary>Authorization policies for pages: a signed-in user (cookie) holding a role; admin holds every role.</summary>
internal static class Roles
{
    public const string SignedIn = "ui:signed-in";
    public const string Admin = "role:" + UserRoleNames.Admin;
    public const string Engineer = "role:" + UserRoleNames.Engineer;
    public const string Approver = "role:" + UserRoleNames.Approver;
    public const string Expert = "role:" + UserRoleNames.Expert;
    public const string Annotator = "role:" + UserRoleNames.Annotator;

    public static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder builder)
    {
        builder.AddPolicy(SignedIn, policy => policy.AddAuthenticationSchemes(UiAuthentication.Scheme).RequireAuthenticatedUser());
        foreach (var role in UserRoleNames.All.Keys)
        {
            builder.AddPolicy("role:" + role, policy => policy
                .AddAuthenticationSchemes(UiAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(role));
        }

        return builder;
    }
}
