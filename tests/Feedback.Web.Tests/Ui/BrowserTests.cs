using System.Text.RegularExpressions;
using Feedback.Core.Annotation;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Feedback.Web.Tests.Ui;

/// <summary>The UI in a real browser (Debian's Chromium through Playwright) against the app on Kestrel over SQLite.
/// Every page visited is saved as a screenshot under <c>TestResults/screenshots</c>.</summary>
public sealed partial class BrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Annotator_SignsIn_LabelsWithTheKeyboard_SkipsOne_SignsOut()
    {
        var project = await app.CreateProjectAsync(items: 3, overlap: 2);
        var annotator = await app.CreateUserAsync(UserRole.Annotator);
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await page.WaitForURLAsync(SignInUrl());
        await BrowserApp.ScreenshotAsync(page, "signin");
        await SignInAsync(page, annotator);
        await page.GetByTestId("annotator-projects").GetByText(project.Name).WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "annotator-home");

        await page.GetByTestId("annotator-projects").GetByRole(AriaRole.Row).Filter(new() { HasText = project.Name }).GetByRole(AriaRole.Link, new() { Name = "Annotate" }).ClickAsync();
        await page.GetByTestId("instructions").GetByText("urgent").WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "annotate");
        var seen = new List<string> { await page.GetByTestId("tracking-id").InnerTextAsync() };
        await page.Keyboard.PressAsync("1");
        await page.WaitForURLAsync(new Regex("answered=1$"));
        seen.Add(await page.GetByTestId("tracking-id").InnerTextAsync());
        await page.Keyboard.PressAsync("2");
        await page.WaitForURLAsync(new Regex("answered=2$"));
        seen.Add(await page.GetByTestId("tracking-id").InnerTextAsync());
        await page.Keyboard.PressAsync("s");
        await page.GetByTestId("no-task").WaitForAsync();

        (await page.GetByTestId("session-count").InnerTextAsync()).ShouldBe("2", "a skip is not an answer");
        seen.ShouldBe(seen.Distinct().ToList(), "each item is offered once");
        seen.ShouldBeSubsetOf(project.TrackingIds);
        (await ProgressAsync(project.Name)).Answers.ShouldBe(2);
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(SignInUrl());
        await page.GotoAsync("/");
        await page.WaitForURLAsync(SignInUrl());
    }

    [Fact]
    public async Task SecondAnnotator_NeverReceivesTheFirstOnesSlots()
    {
        var project = await app.CreateProjectAsync(items: 2, overlap: 1);
        var first = await SignedInPageAsync(await app.CreateUserAsync(UserRole.Annotator));
        var second = await SignedInPageAsync(await app.CreateUserAsync(UserRole.Annotator));

        await first.GotoAsync($"/annotate/{project.Name}");
        await second.GotoAsync($"/annotate/{project.Name}");
        var firstItem = await first.GetByTestId("tracking-id").InnerTextAsync();
        var secondItem = await second.GetByTestId("tracking-id").InnerTextAsync();
        await first.ReloadAsync();

        secondItem.ShouldNotBe(firstItem, "a leased slot is never handed to someone else");
        (await first.GetByTestId("tracking-id").InnerTextAsync()).ShouldBe(firstItem, "asking again returns the lease you hold");
        await first.Keyboard.PressAsync("1");
        await first.GetByTestId("no-task").WaitForAsync();
        await second.Keyboard.PressAsync("2");
        await second.GetByTestId("no-task").WaitForAsync();
        (await ProgressAsync(project.Name)).Answers.ShouldBe(2);
    }

    [Fact]
    public async Task Expert_ResolvesAConflict()
    {
        var project = await app.CreateProjectAsync(items: 1, overlap: 2);
        await AnswerAsCrowdAsync(project.Name, "user:crowd-a", "yes");
        await AnswerAsCrowdAsync(project.Name, "user:crowd-b", "no");
        (await ProgressAsync(project.Name)).InReview.ShouldBe(1, "a tie goes to expert review");
        var expert = await SignedInPageAsync(await app.CreateUserAsync(UserRole.Expert));

        await expert.GetByTestId("expert-projects").GetByText(project.Name).WaitForAsync();
        await expert.GetByTestId("expert-projects").GetByRole(AriaRole.Row).Filter(new() { HasText = project.Name }).GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
        var answers = expert.GetByTestId("crowd-answers");
        await answers.GetByText("user:crowd-a").WaitForAsync();
        (await answers.Locator("tbody tr").CountAsync()).ShouldBe(2);
        (await expert.GetByTestId("consensus").InnerTextAsync()).ShouldContain("tie");
        await BrowserApp.ScreenshotAsync(expert, "expert-review");
        await expert.GetByRole(AriaRole.Button, new() { Name = "no" }).ClickAsync();
        await expert.GetByTestId("no-task").WaitForAsync();

        var progress = await ProgressAsync(project.Name);
        progress.Resolved.ShouldBe(1);
        progress.InReview.ShouldBe(0);
    }

    [Fact]
    public async Task Annotator_CannotOpenTheAdminPages_AdminSeesQualityAndDisagreement()
    {
        var project = await app.CreateProjectAsync(items: 2, overlap: 2);
        await AnswerAsCrowdAsync(project.Name, "user:agreeable", "yes");
        await AnswerAsCrowdAsync(project.Name, "user:agreeable", "yes");
        await AnswerAsCrowdAsync(project.Name, "user:contrary", "yes");
        await AnswerAsCrowdAsync(project.Name, "user:contrary", "no");
        var annotator = await SignedInPageAsync(await app.CreateUserAsync(UserRole.Annotator));

        var response = await annotator.GotoAsync($"/admin/projects/{project.Name}");

        response!.Status.ShouldBe(403);
        annotator.Url.ShouldContain("/access-denied");
        await annotator.GetByTestId("access-denied").WaitForAsync();
        await BrowserApp.ScreenshotAsync(annotator, "access-denied");

        var admin = await SignedInPageAsync(await app.CreateUserAsync(UserRole.Admin));
        await admin.GotoAsync("/");
        await admin.GetByTestId("admin-projects").GetByText(project.Name).ClickAsync();
        (await admin.GetByTestId("progress").InnerTextAsync()).ShouldContain("Items\t2");
        (await admin.GetByTestId("disagreements").Locator("li").CountAsync()).ShouldBe(1, "one item has split answers");
        var rows = admin.GetByTestId("quality").Locator("tbody tr");
        (await rows.CountAsync()).ShouldBe(2);
        await admin.GetByTestId("sort-annotator").ClickAsync();
        await admin.WaitForURLAsync(new Regex("dir=asc"));
        (await rows.First.InnerTextAsync()).ShouldStartWith("user:agreeable");
        await admin.GetByTestId("sort-annotator").ClickAsync();
        await admin.WaitForURLAsync(new Regex("dir=desc"));
        (await rows.First.InnerTextAsync()).ShouldStartWith("user:contrary");
        await BrowserApp.ScreenshotAsync(admin, "project-admin");
        await admin.GotoAsync("/admin/users");
        await admin.GetByTestId("users").WaitForAsync();
        await BrowserApp.ScreenshotAsync(admin, "admin-users");
    }

    private static Regex SignInUrl() => new("/signin");

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(UiSeeds.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("signed-in-as").GetByText(userName).WaitForAsync();
    }

    private async Task<IPage> SignedInPageAsync(string userName)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, userName);
        return page;
    }

    private async Task AnswerAsCrowdAsync(string project, string annotatorId, string label)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var assignments = scope.ServiceProvider.GetRequiredService<AnnotationAssignments>();
        var annotator = new Annotator(annotatorId, AnnotatorPool.Crowd);
        var task = await assignments.NextAsync(project, annotator, CancellationToken.None);
        task.ShouldNotBeNull();
        await assignments.AnswerAsync(task.TaskId, annotator, label, CancellationToken.None);
    }

    private async Task<AnnotationProgress> ProgressAsync(string project)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AnnotationProjects>().GetAsync(project, CancellationToken.None)).Progress;
    }
}
