using System.Net;
using System.Text.RegularExpressions;
using Feedback.Core.Annotation;
using Microsoft.Extensions.DependencyInjection;
using Feedback.Testing;

namespace Feedback.Web.Tests.Ui;

/// <summary>Role checks, sign-in and antiforgery at the HTML level, through real HTTP with cookies.</summary>
public abstract partial class PageAccessTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : PageAccessTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : PageAccessTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Root_Anonymous_RedirectsToSignIn()
    {
        using var client = new UiClient(app);

        using var response = await client.Http.GetAsync(new Uri("/", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/signin");
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsCookieAndShowsHome()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = await UiClient.SignedInAsync(app, name);

        var home = await client.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        home.ShouldContain($"Hello, {name}");
        home.ShouldContain("annotator-projects");
    }

    [Fact]
    public async Task SignIn_WrongPassword_Returns400AndNoCookie()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = new UiClient(app);

        using var response = await client.SignInAsync(name, "not the password");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Wrong user name or password");
        (await client.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "still signed out");
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRejected()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = new UiClient(app);

        using var response = await client.PostFormAsync("/signin", new() { ["_handler"] = "signin", ["Input.UserName"] = name, ["Input.Password"] = UiSeeds.Password });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a forged post signs nobody in");
    }

    [Fact]
    public async Task SignIn_RepeatedFailures_LockTheAccountEvenForTheRightPassword()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = new UiClient(app);
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.SignInAsync(name, $"wrong-{i}");
            failed.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"attempt {i + 1}: a locked account answers like any failure (no enumeration)");
        }

        using var response = await client.SignInAsync(name, UiSeeds.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("locked for a while");
        (await client.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the right password does not open a locked account");
    }

    [Fact]
    public async Task AdminPage_AsAnnotator_RedirectsToAccessDeniedWith403()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = await UiClient.SignedInAsync(app, name);

        using var response = await client.Http.GetAsync(new Uri("/admin/users", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/access-denied");
        using var denied = await client.Http.GetAsync(response.Headers.Location);
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminUsersPage_AsAdmin_CreatesAUserWhoCanSignIn()
    {
        var admin = await app.CreateUserAsync(UserRole.Admin);
        using var client = await UiClient.SignedInAsync(app, admin);
        var token = await client.TokenAsync("/admin/users");
        var newName = UniqueNames.Id("x")[..20];

        using var created = await client.PostFormAsync("/admin/users", new()
        {
            ["_handler"] = "create-user",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = newName,
            ["Input.Password"] = "a long enough password",
            ["Input.Roles"] = "expert",
        });

        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await created.Content.ReadAsStringAsync()).ShouldContain($"Created <strong>{newName}</strong>");
        using var newcomer = await UiClient.SignedInAsync(app, newName, "a long enough password");
        (await newcomer.Http.GetStringAsync(new Uri("/", UriKind.Relative))).ShouldContain("expert-projects");
    }

    [Fact]
    public async Task AdminUsersPage_ShortPassword_Returns400AndStoresNothing()
    {
        var admin = await app.CreateUserAsync(UserRole.Admin);
        using var client = await UiClient.SignedInAsync(app, admin);
        var token = await client.TokenAsync("/admin/users");
        var newName = UniqueNames.Id("x")[..20];

        using var response = await client.PostFormAsync("/admin/users", new()
        {
            ["_handler"] = "create-user",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = newName,
            ["Input.Password"] = "short",
            ["Input.Roles"] = "annotator",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("password:");
        using var attempt = new UiClient(app);
        (await attempt.SignInAsync(newName, "short")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the user was not stored");
    }

    [Fact]
    public async Task SignOut_WithoutToken_IsRejectedAndWithTokenEndsTheSession()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = await UiClient.SignedInAsync(app, name);

        using var forged = await client.PostFormAsync("/signout", []);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, "still signed in");

        var token = await client.TokenAsync("/");
        using var signedOut = await client.PostFormAsync("/signout", new() { ["__RequestVerificationToken"] = token });
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "signed out");
    }

    [Fact]
    public async Task Workspace_PlainFormPost_AnswersWithoutJavaScript_AndRejectsAMissingToken()
    {
        var project = await app.CreateProjectAsync(items: 2, overlap: 1);
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = await UiClient.SignedInAsync(app, name);
        var page = await client.Http.GetStringAsync(new Uri($"/annotate/{project.Name}", UriKind.Relative));
        var action = FormAction().Match(page).Groups[1].Value;
        action.ShouldStartWith($"/annotate/{project.Name}/tasks/");

        using var forged = await client.PostFormAsync(action, new() { ["label"] = "yes", ["answered"] = "0" });
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var token = await client.TokenAsync($"/annotate/{project.Name}");
        using var answered = await client.PostFormAsync(action, new() { ["__RequestVerificationToken"] = token, ["label"] = "yes", ["answered"] = "0" });
        answered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answered.Headers.Location!.ToString().ShouldBe($"/annotate/{project.Name}?answered=1");
        var next = await client.Http.GetStringAsync(answered.Headers.Location);
        next.ShouldContain("data-testid=\"session-count\">1<");
        await using var scope = app.Services.CreateAsyncScope();
        var progress = (await scope.ServiceProvider.GetRequiredService<AnnotationProjects>().GetAsync(project.Name, CancellationToken.None)).Progress;
        progress.Answers.ShouldBe(1, "the forged post stored nothing");
    }

    [Fact]
    public async Task Workspace_EscapesFeaturesAndRendersInstructionsWithoutRawHtml()
    {
        var project = await app.CreateProjectAsync(
            items: 1,
            overlap: 1,
            instructions: "Read **carefully**. <script>alert('i')</script> [bad](javascript:alert(1)) [good](https://example.org/guide)",
            text: "<img src=x onerror=alert('f')> hello there");
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = await UiClient.SignedInAsync(app, name);

        var page = await client.Http.GetStringAsync(new Uri($"/annotate/{project.Name}", UriKind.Relative));

        page.ShouldContain("<strong>carefully</strong>", customMessage: "Markdown is rendered");
        page.ShouldContain("&lt;script&gt;");
        page.ShouldNotContain("<script>alert");
        page.ShouldNotContain("javascript:");
        page.ShouldContain("href=\"https://example.org/guide\"");
        page.ShouldContain("&lt;img src=x");
        page.ShouldNotContain("<img src=x");
    }

    [Fact]
    public async Task UnknownProject_Returns404Page()
    {
        var name = await app.CreateUserAsync(UserRole.Annotator);
        using var client = await UiClient.SignedInAsync(app, name);

        using var response = await client.Http.GetAsync(new Uri("/annotate/no-such-project", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"not-found\"");
        var admin = await app.CreateUserAsync(UserRole.Admin);
        using var adminClient = await UiClient.SignedInAsync(app, admin);
        (await adminClient.Http.GetAsync(new Uri("/admin/projects/no-such-project", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\" data-shortcuts")]
    private static partial Regex FormAction();
}
