using System.Text.Json.Serialization;
using Feedback.Core;
using Feedback.Core.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.Scheduling;
using Feedback.Web.Api;
using Feedback.Web.Auth;
using Feedback.Web.Components;
using Feedback.Web.Jobs;
using Feedback.Web.Pages;
using Feedback.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Feedback.Web.Hosting;

internal static class FeedbackWebExtensions
{
    /// <summary>Everything the web host needs: core services, API key authentication, problem details, OpenAPI, health.</summary>
    public static WebApplicationBuilder AddFeedbackWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The embedded database defaults to the user's data folder, the same one the command-line tool uses.
        UserDataFolder.UseAsDefaultDataDirectory(builder.Configuration, UserDataFolder.Default());
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
        services.AddAuthorizationBuilder().AddSignedInPolicy().AddSessionPolicy();
        services.AddSingleton<IAuthorizationPolicyProvider, AccessPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        services.AddFeedbackRateLimits();
        services.AddCascadingAuthenticationState();
        builder.AddFeedbackDashboards();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "feedback.antiforgery";
            o.HeaderName = CookieAntiforgeryMiddleware.HeaderName;
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name, tags: ["ready"]);
        return builder;
    }

    public static WebApplication UseFeedbackWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // The API answers problem details; a browser on a page gets a page (404 for unknown addresses, an error page).
        app.UseWhen(context => !IsBrowserPage(context), api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(IsBrowserPage, pages => pages
            .UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true })
            .UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseStaticFiles();
        // Routing after the status-code pages, so that a re-executed request (to /not-found) finds its endpoint.
        app.UseRouting();
        app.UseMiddleware<HostileTextMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<CookieAntiforgeryMiddleware>();
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
        app.MapNotificationsApi();
        app.MapLabelsApi();
        app.MapSessionApi();
        app.MapSubjectsApi();
        app.MapSchemasApi();
        app.MapAccountEndpoints();
        app.MapAnnotationFormEndpoints();
        app.MapJobsDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>A browser asking for a page (GET, HTML accepted, not the API): it gets pages for 404 and 500.</summary>
    private static bool IsBrowserPage(HttpContext context)
    {
        var request = context.Request;
        return HttpMethods.IsGet(request.Method)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && !request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
            && !request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal)
            && !request.Path.StartsWithSegments("/readyz", StringComparison.Ordinal);
    }
}
