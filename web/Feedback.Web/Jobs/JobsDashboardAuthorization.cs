using System.Security.Claims;
using Feedback.Core.Users;
using Feedback.Web.Auth;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;

namespace Feedback.Web.Jobs;

/// <summary>Who may open the Hangfire Dashboard at <c>/jobs</c>, and who may change jobs there: the one place that
/// decides it. Signed-in users (the UI cookie) holding <c>admin</c> or <c>engineer</c> see it; only <c>admin</c> may
/// trigger, requeue or delete jobs (an engineer's dashboard is read-only). Anonymous requests get 401 and other
/// signed-in users 403 (Hangfire answers so when <see cref="AuthorizeAsync"/> says no); API keys do not open it.</summary>
internal sealed class JobsDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    private const string PrincipalItem = "feedback.jobs.principal";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var result = await http.AuthenticateAsync(UiAuthentication.Scheme);
        if (result.Principal is not { } principal || !CanView(principal))
        {
            return false;
        }

        http.Items[PrincipalItem] = principal;
        return true;
    }

    /// <summary>Whether the dashboard shows this request without its buttons (an engineer's).</summary>
    public static bool IsReadOnly(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().Items[PrincipalItem] is not ClaimsPrincipal principal || !principal.IsInRole(UserRoleNames.Admin);
    }

    private static bool CanView(ClaimsPrincipal principal) =>
        principal.IsInRole(UserRoleNames.Admin) || principal.IsInRole(UserRoleNames.Engineer);
}
