using Feedback.Core.Access;

namespace Feedback.Web.Auth;

internal static class CallerHttpContextExtensions
{
    private static readonly object Key = new();

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    /// <summary>The authenticated API key. Only call from endpoints that require authorization.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items[Key] as Caller ?? throw new InvalidOperationException("No authenticated caller: the endpoint must require authorization.");
}
