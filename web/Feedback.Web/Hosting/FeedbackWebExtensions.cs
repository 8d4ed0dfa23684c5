using System.Text.Json.Serialization;
using Feedback.Core;
using Feedback.Pipeline;
using Feedback.Pipeline.Scheduling;
using Feedback.Web.Api;
using Feedback.Web.Auth;
using Feedback.Web.Components;
using Feedback.Web.Jobs;
using Feedback.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Feedback.Web.Hosting;

internal static class FeedbackWebExtensions
{
    /// <summary>Everything the web host needs: core services, API key authentication, problem details, OpenAPI, health.</summary>
    public static WebApplicationBuilder AddFeedbackWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddFeedbackCore();
        services.AddOptions<BootstrapOptions>().BindConfiguration("Bootstrap");
        services.AddHostedService<FeedbackStartup>();
        services.AddFeedbackPipeline();

        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddAuthentication(CallerScheme.Name)
            .AddCallerScheme()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddUiCookie();
        services.AddAuthorizationBuilder().AddScopePolicies().AddRolePolicies().AddApprovalPolicy();
        services.AddCascadingAuthenticationState();
        services.AddRazorComponents();
        services.AddAntiforgery(o => o.Cookie.Name = "feedback.antiforgery");
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name, tags: ["ready"]);
        return builder;
    }

    public static WebApplication UseFeedbackWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapModelsApi();
        app.MapPredictionsApi();
        app.MapFeedbackApi();
        app.MapApiKeysApi();
        app.MapAnnotationApi();
        app.MapUsersApi();
        app.MapServingApi();
        app.MapVersionsApi();
        app.MapRunsApi();
        app.MapLabelsApi();
        app.MapAccountEndpoints();
        app.MapAnnotationFormEndpoints();
        app.MapJobsDashboard();
        app.MapRazorComponents<App>();
        return app;
    }
}
