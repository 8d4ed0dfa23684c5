using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Feedback.Core.Runs;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Feedback.Web.Tests.Ui;

/// <summary>The dashboards (interactive server pages in the MudBlazor shell) in Debian's Chromium against the app on
/// Kestrel: each role lands on its own work, the models page shows what the API created, an approver decides in the
/// page and the API agrees, and a decision made elsewhere reaches an open page without reload. No page may log a
/// console error. Screenshots go under <c>TestResults/screenshots</c>.</summary>
public sealed partial class DashboardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Engineer_SignsIn_LandsOnModels_SeesAModelCreatedThroughTheApi_SortsByTheUrl()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var engineer = await app.CreateUserAsync("engineer");
        var (page, errors) = await NewPageAsync();

        await page.GotoAsync("/");
        await page.WaitForURLAsync(new Regex("/signin"));
        await SignInAsync(page, engineer);

        await page.WaitForURLAsync(new Regex("/models$"));
        var row = page.Locator($"[data-testid=model-row][data-model='{model}']");
        await row.WaitForAsync();
        (await row.GetByTestId("last-run").InnerTextAsync()).ShouldContain("never run");
        (await page.GetByTestId("shell-nav").InnerTextAsync()).ShouldContain("Jobs", customMessage: "engineers reach the Hangfire Dashboard");
        await WaitInteractiveAsync(page);
        await BrowserApp.ScreenshotAsync(page, "models");

        await page.GetByTestId("sort-name").ClickAsync();
        await page.WaitForURLAsync(new Regex("sort=name&dir=desc$"));
        await page.Locator("[data-testid=sort-name]").GetByText("▼").WaitForAsync();
        await WaitInteractiveAsync(page);
        await page.GetByTestId("sort-traffic").ClickAsync();
        await page.WaitForURLAsync(new Regex("sort=traffic&dir=desc$"));
        await row.WaitForAsync();
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Approver_DecidesAPendingApprovalInThePage_TheApiShowsItDecided()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var approval = await PendingApprovalAsync(model);
        var approver = await app.CreateUserAsync("approver");
        var (page, errors) = await NewPageAsync();

        await page.GotoAsync("/signin");
        await SignInAsync(page, approver);
        await page.WaitForURLAsync(new Regex("/approvals$"));
        var request = page.Locator($"[data-testid=pending-request][data-approval='{approval}']");
        await request.WaitForAsync();
        (await page.GetByTestId("shell-nav").InnerTextAsync()).ShouldNotContain("Jobs", customMessage: "approvers do not operate jobs");
        await WaitInteractiveAsync(page);
        await BrowserApp.ScreenshotAsync(page, "approvals");

        await request.Locator("input").FillAsync("looks good to me");
        await request.GetByTestId("approve").ClickAsync();
        await page.GetByTestId("decision-notice").GetByText($"#{approval}").WaitForAsync();
        await page.Locator($"[data-testid=decided] tr[data-approval='{approval}']").WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "approvals-decided");

        var approved = await admin.GetFromJsonAsync<JsonArray>("/api/v1/approvals?status=approved");
        var decided = approved!.Single(a => (long)a!["id"]! == approval)!;
        decided["decidedBy"]!.GetValue<string>().ShouldBe(approver);
        decided["channel"]!.GetValue<string>().ShouldBe("ui");
        decided["comment"]!.GetValue<string>().ShouldBe("looks good to me");
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApproverPage_ShowsADecisionMadeThroughTheApi_WithoutReload()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var approval = await PendingApprovalAsync(model);
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, await app.CreateUserAsync("approver"));
        var request = page.Locator($"[data-testid=pending-request][data-approval='{approval}']");
        await request.WaitForAsync();
        await WaitInteractiveAsync(page);
        var before = int.Parse(await page.GetByTestId("pending-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var loads = 0;
        page.Load += (_, _) => loads++;

        using var rejected = await admin.PostJsonAsync($"/api/v1/approvals/{approval}:reject", new JsonObject { ["comment"] = "not this week" });
        rejected.EnsureSuccessStatusCode();

        await page.Locator(".mud-snackbar").GetByText($"Approval request #{approval} for {model} was rejected").WaitForAsync();
        await request.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator($"[data-testid=decided] tr[data-approval='{approval}']").GetByText("rejected").WaitForAsync();
        await page.GetByTestId("pending-count").GetByText((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }).WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "approvals-live");
        loads.ShouldBe(0, "the page updated over its circuit, not by reloading");
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Engineer_PromotesAndRollsBackInTheModelDashboard_AfterConfirming_TheApiServesTheMove()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Build());
        await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Inverted().Build(), alias: null);
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, await app.CreateUserAsync("engineer"));
        // Links are clicked once the page runs on its circuit: while the circuit attaches, a click can be lost.
        await WaitInteractiveAsync(page);
        await page.Locator($"[data-testid=model-row][data-model='{model}'] [data-testid=model-link]").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/models/{model}$"));
        await WaitInteractiveAsync(page);
        (await page.GetByTestId("production-version").InnerTextAsync()).ShouldBe("v1");

        var promote = page.Locator("[data-testid=version-row][data-version='2'] [data-testid=make-production]");
        await promote.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByText("Production moves from v1 to v2").WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "model-promote-confirm");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await ProductionAsync(admin, model)).ShouldBe(1, "a cancelled confirmation moves nothing");

        await promote.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Promote" }).ClickAsync();
        await page.GetByTestId("alias-notice").GetByText("Production now serves v2").WaitForAsync();
        (await page.GetByTestId("production-version").InnerTextAsync()).ShouldBe("v2");
        (await ProductionAsync(admin, model)).ShouldBe(2);
        await BrowserApp.ScreenshotAsync(page, "model-dashboard");

        await page.Locator("[data-testid=version-row][data-version='1'] [data-testid=make-production]").GetByText("Roll back to this").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await page.GetByTestId("production-version").GetByText("v1").WaitForAsync();
        (await ProductionAsync(admin, model)).ShouldBe(1);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Approver_ReadsTheModelDashboard_WithoutAliasButtons()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Build());
        await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Build(), alias: null);
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, await app.CreateUserAsync("approver"));

        await page.GotoAsync($"/models/{model}");
        await WaitInteractiveAsync(page);

        (await page.GetByTestId("version-row").CountAsync()).ShouldBe(2);
        (await page.GetByTestId("make-production").CountAsync()).ShouldBe(0, "approvers read models; they do not move aliases");
        var missing = await page.GotoAsync("/models/no-such-model");
        missing!.Status.ShouldBe(404);
        await page.GetByTestId("not-found").WaitForAsync();
        errors.ShouldBeEmpty();
    }

    private static async Task<int> ProductionAsync(HttpClient admin, string model)
    {
        var aliases = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/models/{model}/aliases");
        return aliases!["aliases"]!.AsArray().Single(a => a!["alias"]!.GetValue<string>() == "production")!["version"]!.GetValue<int>();
    }

    [Fact]
    public async Task UnknownPage_IsAFriendlyNotFoundInTheShell_AndAnAnnotatorIsRefusedTheApprovals()
    {
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, await app.CreateUserAsync(UserRole.Annotator));

        var missing = await page.GotoAsync("/no/such/page");
        missing!.Status.ShouldBe(404);
        await page.GetByTestId("not-found").WaitForAsync();
        await page.GetByTestId("shell-nav").GetByText("Annotation").WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "not-found");

        var refused = await page.GotoAsync("/approvals");
        refused!.Status.ShouldBe(403);
        await page.GetByTestId("access-denied").WaitForAsync();
        (await page.GetByTestId("shell-nav").InnerTextAsync()).ShouldNotContain("Approvals");
        await BrowserApp.ScreenshotAsync(page, "access-denied-shell");
        errors.ShouldBeEmpty();
    }

    private async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // The browser reports the 403/404 answers the tests ask for as failed resource loads; anything else is a fault.
            if (message.Type == "error" && !message.Text.Contains("status of 40", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(UiSeeds.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("signed-in-as").GetByText(userName).WaitForAsync();
    }

    /// <summary>Waits until the page and the shell's live badge run on their circuit (they mark themselves
    /// <c>data-live</c> once subscribed to the event stream, which only happens interactively).</summary>
    private static async Task WaitInteractiveAsync(IPage page)
    {
        await page.Locator("[data-testid=pending-approvals][data-live=true]").WaitForAsync();
        await page.Locator("[data-testid$=-page][data-live=true]").WaitForAsync();
    }

    /// <summary>A run of <paramref name="model"/> waiting for approval with its pending request, as the approval step
    /// leaves them.</summary>
    private async Task<long> PendingApprovalAsync(string model)
    {
        await using var context = app.Database.CreateContext();
        var modelId = await context.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var run = new PipelineRun { ModelId = modelId, ActiveModelId = modelId, Number = 1, Status = RunStatus.WaitingForApproval, Trigger = RunTrigger.Manual, Reason = "dashboard test", CreatedAt = now, UpdatedAt = now };
        context.PipelineRuns.Add(run);
        await context.SaveChangesAsync();
        var summary = new JsonObject
        {
            ["model"] = model,
            ["run"] = 1,
            ["metrics"] = new JsonArray(new JsonObject { ["metric"] = "accuracy", ["candidate"] = 0.91, ["production"] = 0.88, ["delta"] = 0.03 }),
            ["checksPassed"] = true,
            ["failures"] = 0,
        };
        var approval = new ApprovalRequest { RunId = run.Id, ModelId = modelId, Status = ApprovalStatus.Pending, Summary = summary.ToJsonString(), CreatedAt = now, ExpiresAt = now.AddHours(1) };
        context.ApprovalRequests.Add(approval);
        await context.SaveChangesAsync();
        return approval.Id;
    }
}
