using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Feedback.Web.Auth;

/// <summary>Answers refused API calls with problem details that say why (the permission missing, or 404 for a
/// resource of a model the caller may not use, so its existence does not leak). Pages keep the default behaviour:
/// sign-in redirect or the access-denied page.</summary>
internal sealed class AccessResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!authorizeResult.Forbidden || !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons ?? [];
        var outOfScope = reasons.OfType<ModelOutOfScope>().Any();
        context.Response.StatusCode = outOfScope ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = context.Response.StatusCode,
                Title = outOfScope ? "Not found" : "Forbidden",
                Detail = outOfScope
                    ? "No such resource among the models this caller may use."
                    : reasons.FirstOrDefault()?.Message ?? "This caller may not use this endpoint.",
            },
        });
    }
}
