using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Feedback.Core.Users;
using Feedback.Web.Auth;
using Feedback.Web.Components.Layout;

namespace Feedback.Web.Tests.Dashboards;

/// <summary>The shell's navigation per role (bUnit): each role sees the pages its permissions open, in the same words
/// the pages' rules use, and lands on its own work.</summary>
public sealed class NavLinksTests : BunitContext
{
    public static TheoryData<UserRoles, string[], string> Roles => new()
    {
        { UserRoles.Annotator, ["Annotation"], "/" },
        { UserRoles.Expert, ["Annotation"], "/" },
        { UserRoles.Approver, ["Models", "Approvals"], "/approvals" },
        { UserRoles.Engineer, ["Models", "Approvals", "Jobs"], "/models" },
        { UserRoles.Admin, ["Annotation", "Models", "Approvals", "Users", "Jobs"], "/models" },
        { UserRoles.Annotator | UserRoles.Approver, ["Annotation", "Models", "Approvals"], "/approvals" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_ShowsTheLinksOfTheRole(UserRoles roles, string[] expected, string landing)
    {
        var user = Principal(roles);

        var nav = Render<NavLinks>(p => p.Add(c => c.User, user));

        nav.FindAll("a").Select(a => a.TextContent).ShouldBe(expected);
        ShellNavigation.LandingFor(user).ShouldBe(landing);
    }

    [Fact]
    public void Render_ShowsNothing_ToSomeoneNotSignedIn()
    {
        var nav = Render<NavLinks>(p => p.Add(c => c.User, new ClaimsPrincipal(new ClaimsIdentity())));

        nav.FindAll("a").ShouldBeEmpty();
        ShellNavigation.LandingFor(null).ShouldBe("/");
    }

    [Fact]
    public void Render_MarksTheCurrentPageActive()
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/approvals");

        var nav = Render<NavLinks>(p => p.Add(c => c.User, Principal(UserRoles.Approver)));

        nav.Find("[data-testid=nav-approvals]").ClassList.ShouldContain("active");
        nav.Find("[data-testid=nav-models]").ClassList.ShouldNotContain("active");
    }

    private static ClaimsPrincipal Principal(UserRoles roles) =>
        UiAuthentication.PrincipalFor(new User { Id = 1, UserName = "someone", PasswordHash = "-", Roles = roles });
}
