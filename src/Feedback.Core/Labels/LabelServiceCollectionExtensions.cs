using Feedback.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Labels;

public static class LabelServiceCollectionExtensions
{
    /// <summary>Registers the label join (<see cref="LabelJoiner"/>), its provider's store, and the read side
    /// (<see cref="LabeledExampleReader"/>, <see cref="LabelStatistics"/>), with validated options.</summary>
    public static IServiceCollection AddFeedbackLabels(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LabelJoinOptions>()
            .BindConfiguration(LabelJoinOptions.SectionName)
            .Validate(o => o.ChunkSize is >= 1 and <= 100_000, "Labels:ChunkSize must be between 1 and 100000.")
            .Validate(o => o.SettleTime >= TimeSpan.Zero && o.SettleTime <= TimeSpan.FromHours(1), "Labels:SettleTime must be between 00:00:00 and 01:00:00.")
            .ValidateOnStart();
        services.AddSingleton<ILabelStore>(sp => sp.GetRequiredService<ConfiguredDatabase>().Provider == DatabaseProvider.PostgreSql
            ? ActivatorUtilities.CreateInstance<PostgresLabelStore>(sp)
            : ActivatorUtilities.CreateInstance<SqliteLabelStore>(sp));
        services.AddScoped<LabelJoiner>();
        services.AddScoped<LabeledExampleReader>();
        services.AddScoped<LabelStatistics>();
        return services;
    }
}
