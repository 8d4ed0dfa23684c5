using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Auth;

/// <summary>The one page policy that needs no permission: any signed-in user (the home page, sign-out). Everything
/// else is a <see cref="RequireAccessAttribute"/> rule.</summary>
internal static class Roles
{
    public const string SignedIn = "ui:signed-in";

    public static AuthorizationBuilder AddSignedInPolicy(this AuthorizationBuilder builder) =>
        builder.AddPolicy(SignedIn, policy => policy.AddAuthenticationSchemes(UiAuthentication.Scheme).RequireAuthenticatedUser());
}
