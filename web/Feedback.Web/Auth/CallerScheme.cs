using Microsoft.AspNetCore.Authentication;

namespace Feedback.Web.Auth;

/// <summary>The default scheme: a request that presents an API key is a program, any other is a person with the
/// UI cookie (or anonymous). Challenges default to the API-key answer (401 problem details); page policies name
/// the cookie scheme, whose challenge redirects to the sign-in page instead.</summary>
internal static class CallerScheme
{
    public const string Name = "Caller";

    public static AuthenticationBuilder AddCallerScheme(this AuthenticationBuilder builder) =>
        builder.AddPolicyScheme(Name, "API key or UI cookie", options =>
        {
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey("X-Api-Key")
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : UiAuthentication.Scheme;
            options.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
            options.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
        });
}
