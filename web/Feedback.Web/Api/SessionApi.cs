using Feedback.Web.Auth;
using Feedback.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Api;

/// <summary>For scripts running in a signed-in browser session: the antiforgery token their state-changing API calls
/// must send (API keys need none).</summary>
internal static class SessionApi
{
    public const string SignedInPolicy = "api:signed-in";

    public static AuthorizationBuilder AddSessionPolicy(this AuthorizationBuilder builder) =>
        builder.AddPolicy(SignedInPolicy, policy => policy.AddAuthenticationSchemes(CallerScheme.Name).RequireAuthenticatedUser());

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/session/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new AntiforgeryToken(CookieAntiforgeryMiddleware.HeaderName, tokens.RequestToken!));
            })
            .WithTags("Session")
            .RequireAuthorization(SignedInPolicy)
            .WithSummary("The antiforgery token a signed-in browser session sends in the X-CSRF-TOKEN header on POST, PUT and DELETE.");
        return app;
    }

    internal sealed record AntiforgeryToken(string HeaderName, string Token);
}
