using Feedback.Core.Dashboards;
using Feedback.Web.Components.Live;
using MudBlazor.Services;

namespace Feedback.Web.Hosting;

internal static class DashboardExtensions
{
    /// <summary>The pages: Razor components with interactive server rendering, MudBlazor, the dashboards' read models and
    /// the live feed of approval events to open pages.</summary>
    public static WebApplicationBuilder AddFeedbackDashboards(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // blazor.web.js and _content/MudBlazor/* are static web assets: publish output has them under wwwroot, a build
        // output only through its static web assets manifest, which this reads when present (a no-op after publish).
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<ModelOverview>();
        services.AddScoped<ApprovalBoard>();
        services.AddScoped<ModelHistoryQuery>();
        services.AddSingleton<PageEvents>();
        return builder;
    }
}
