using System.Security.Claims;
using Feedback.Core.Access;
using Feedback.Web.Auth;

namespace Feedback.Web.Components.Layout;

/// <summary>One link of the shell's navigation.</summary>
internal sealed record NavItem(string Title, string Href, string TestId);

/// <summary>The shell's navigation fitted to the user: a link appears only for a page the user's permissions open (the
/// same permissions the pages require), and each role lands on its own work.</summary>
internal static class ShellNavigation
{
    public const string Work = "/";
    public const string Models = "/models";
    public const string Approvals = "/approvals";

    private static readonly (NavItem Item, Func<Caller, bool> Shown)[] Items =
    [
        (new NavItem("Annotation", Work, "nav-annotation"), c => c.May(Permission.Annotate) || c.May(Permission.ReviewAnnotations)),
        (new NavItem("Models", Models, "nav-models"), c => c.May(Permission.ReadModels)),
        (new NavItem("Approvals", Approvals, "nav-approvals"), c => c.May(Permission.ReadRuns)),
        (new NavItem("Users", "/admin/users", "nav-users"), c => c.May(Permission.ManageUsers)),
        // The Hangfire Dashboard's own filter admits engineers and admins (JobsDashboardAuthorization).
        (new NavItem("Jobs", "/jobs", "nav-jobs"), c => c.May(Permission.OperateRuns)),
    ];

    /// <summary>The links for <paramref name="user"/>; none when not signed in.</summary>
    public static IReadOnlyList<NavItem> For(ClaimsPrincipal? user) =>
        user.UiCaller() is { } caller ? [.. Items.Where(i => i.Shown(caller)).Select(i => i.Item)] : [];

    /// <summary>Where <paramref name="user"/> starts: engineers and admins on the models, approvers on the approvals,
    /// annotators and experts on their queue and review (the home page).</summary>
    public static string LandingFor(ClaimsPrincipal? user) => user.UiCaller() switch
    {
        { } caller when caller.May(Permission.ManageModels) => Models,
        { } caller when caller.May(Permission.DecideApprovals) => Approvals,
        _ => Work,
    };
}
