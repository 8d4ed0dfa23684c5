using Feedback.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace Feedback.Web.Security;

/// <summary>A browser sends the UI cookie by itself, so an API call that changes state with that cookie must also
/// carry the antiforgery token (header <see cref="HeaderName"/>); calls with an API key need none (a foreign site
/// cannot make the browser send a key).</summary>
internal sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems)
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: UiAuthentication.Scheme }
            && !await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Antiforgery token missing or invalid",
                    Detail = $"A signed-in browser session must send the antiforgery token in the '{HeaderName}' header (GET /api/v1/session/antiforgery), or call with an API key.",
                },
            });
            return;
        }

        await next(context);
    }
}
