namespace Feedback.Web.Security;

/// <summary>Security headers on every response: no inline or foreign scripts (CSP without <c>unsafe-inline</c> for
/// scripts), no framing, no MIME sniffing, no full referrer leaving the site.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // Styles allow 'unsafe-inline' because Blazor and component libraries set style attributes; scripts never do.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
