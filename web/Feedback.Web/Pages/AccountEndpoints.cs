using Feedback.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Feedback.Web.Pages;

/// <summary>Form posts of the UI that render no page of their own.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // No form parameters, so the framework does not validate antiforgery by itself: the handler does.
        app.MapPost("/signout", SignOutAsync).RequireAuthorization(Roles.SignedIn).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, [FromServices] Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.BadRequest();
        }

        await http.SignOutAsync(UiAuthentication.Scheme);
        return TypedResults.Redirect(UiAuthentication.SignInPath);
    }
}
