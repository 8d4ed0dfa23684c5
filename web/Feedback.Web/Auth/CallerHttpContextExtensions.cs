using System.Security.Claims;
using Feedback.Core.Access;
using Feedback.Core.Users;

namespace Feedback.Web.Auth;

internal static class CallerHttpContextExtensions
{
    private static readonly object Key = new();

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    /// <summary>The authenticated caller: the API key, or the signed-in user. Only call from endpoints that require
    /// authorization.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.FindCaller(context.User) ?? throw new InvalidOperationException("No authenticated caller: the endpoint must require authorization.");

    /// <summary>The API key the request presented, else the user of the UI cookie, else null.</summary>
    public static Caller? FindCaller(this HttpContext context, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[Key] is Caller caller)
        {
            return caller;
        }

        if (user.UiCaller() is { } signedIn)
        {
            context.SetCaller(signedIn);
            return signedIn;
        }

        return null;
    }

    /// <summary>The signed-in user of the UI cookie as a caller (every model, the permissions of the user's roles), or
    /// null when <paramref name="user"/> is not signed in to the UI. Interactive pages, which have no request, use this.</summary>
    public static Caller? UiCaller(this ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: UiAuthentication.Scheme, Name: { Length: > 0 } name })
        {
            return null;
        }

        var roles = UserRoles.None;
        foreach (var (roleName, role) in UserRoleNames.All)
        {
            if (user.IsInRole(roleName))
            {
                roles |= role;
            }
        }

        return Core.Access.Caller.ForUser(name, roles);
    }
}
