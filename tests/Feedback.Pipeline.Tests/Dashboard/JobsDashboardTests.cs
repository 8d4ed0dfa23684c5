using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Users;
using Feedback.Pipeline.Tests.EndToEnd;
using Feedback.Testing;
using Microsoft.Playwright;

namespace Feedback.Pipeline.Tests.Dashboard;

/// <summary>The browser app with a one-second trigger loop, so a new model's cron schedule becomes a recurring job at once.</summary>
public sealed class JobsBrowserApp : BrowserApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Pipeline:TriggerInterval"] = "00:00:01" };
}

/// <summary>The Hangfire Dashboard at <c>/jobs</c> in a real browser: what an admin finds there, and who is refused.</summary>
public sealed class JobsDashboardTests(JobsBrowserApp app) : IClassFixture<JobsBrowserApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Admin_SeesAModelsRecurringSchedule_AndTheStepJobsOfASucceededRun()
    {
        using var client = await app.AdminClientAsync();
        var model = UniqueNames.Model();
        var definition = ContinuousTrainingTests.Definition(model, "automatic", null, changeThreshold: false);
        definition["triggers"] = new JsonObject { ["schedule"] = "0 3 * * *" };
        (await client.PostJsonAsync("/api/v1/models", definition)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await new SyntheticWorld(client, model, seed: 11).LiveAsync(300, (x1, _) => x1 > 0, TimeSpan.FromDays(1));
        (await client.PostAsync($"/api/v1/models/{model}/labels:join", null)).IsSuccessStatusCode.ShouldBeTrue();
        var started = await client.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject());
        var run = (await started.JsonAsync())["id"]!.GetValue<long>();
        await RunWaiter.WaitForAsync(client, run, "succeeded", Timeout);
        var page = await SignedInPageAsync(await app.CreateUserAsync(UserRoleNames.Admin));

        await page.GetByTestId("nav-jobs").ClickAsync();
        await page.WaitForURLAsync("**/jobs");
        await page.GotoAsync("/jobs/recurring");
        await WaitForTextAsync(page, $"model-schedule:{model}", "/jobs/recurring");
        await BrowserApp.ScreenshotAsync(page, "jobs-recurring");
        (await page.ContentAsync()).ShouldContain("Trigger now", Case.Insensitive, customMessage: "an admin may trigger jobs");
        await page.GotoAsync("/jobs/jobs/succeeded");
        await WaitForTextAsync(page, $"Trainer of run #1 of {model}", "/jobs/jobs/succeeded");
        await BrowserApp.ScreenshotAsync(page, "jobs-succeeded");
        (await page.ContentAsync()).ShouldContain($"Pusher of run #1 of {model}");
    }

    [Fact]
    public async Task Engineer_SeesTheDashboardReadOnly()
    {
        var page = await SignedInPageAsync(await app.CreateUserAsync(UserRoleNames.Engineer));

        var response = await page.GotoAsync("/jobs/recurring");

        response!.Status.ShouldBe(200);
        (await page.ContentAsync()).ShouldNotContain("Trigger now", Case.Insensitive, "an engineer's dashboard has no buttons");
    }

    [Fact]
    public async Task Annotator_IsForbidden_AndAnonymousIsUnauthorized()
    {
        var annotator = await SignedInPageAsync(await app.CreateUserAsync(UserRoleNames.Annotator));
        (await annotator.GotoAsync("/jobs"))!.Status.ShouldBe(403);
        (await annotator.GotoAsync("/jobs/recurring"))!.Status.ShouldBe(403);

        var anonymous = await app.NewPageAsync();
        (await anonymous.GotoAsync("/jobs"))!.Status.ShouldBe(401);
        (await anonymous.GotoAsync("/jobs/jobs/succeeded"))!.Status.ShouldBe(401);
    }

    [Fact]
    public async Task ApiKey_DoesNotOpenTheDashboard()
    {
        using var admin = await app.AdminClientAsync();

        (await admin.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the key is known, but only a signed-in admin or engineer opens the dashboard");
    }

    private async Task<IPage> SignedInPageAsync(string userName)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(UiSeeds.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("signed-in-as").GetByText(userName).WaitForAsync();
        return page;
    }

    // The recurring job appears once the schedule loop has seen the model (every second here): reload until then.
    private static async Task WaitForTextAsync(IPage page, string text, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await page.ContentAsync()).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"'{text}' did not appear on {path}");
            }

            await Task.Delay(500);
            await page.GotoAsync(path);
        }
    }
}
