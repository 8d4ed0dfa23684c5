using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Registers the notification outbox, its delivery, channel management, and Data Protection with its key
    /// ring in the database (shared by every node, so a secret protected on one is read on another).</summary>
    public static IServiceCollection AddFeedbackNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Notifications:MaxAttempts must be between 1 and 100.")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay, "Notifications:FirstRetryDelay must be positive and at most Notifications:MaxRetryDelay.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.ClaimTimeout > o.RequestTimeout, "Notifications:ClaimTimeout must exceed Notifications:RequestTimeout, which must be positive.")
            .Validate(o => o.DrainInterval > TimeSpan.Zero, "Notifications:DrainInterval must be positive.")
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Notifications:BatchSize must be between 1 and 10000.")
            .ValidateOnStart();
        services.AddDataProtection().SetApplicationName("Feedback");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((o, scopes) => o.XmlRepository = new DatabaseXmlRepository(scopes));
        // Deliveries never follow redirects: a receiver must be reached at the URL its owner configured.
        services.AddHttpClient(NotificationDispatcher.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<ChannelSecrets>();
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<NotificationDispatcher>();
        services.AddScoped<NotificationChannels>();
        return services;
    }
}
