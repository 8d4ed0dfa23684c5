using Feedback.Core.Access;
using Feedback.Core.Annotation;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Serving;
using Feedback.Core.Storage;
using Feedback.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feedback.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers storage, model definitions, the prediction registry, feedback ingestion and API keys.</summary>
    public static IServiceCollection AddFeedbackCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddFeedbackStorage();
        services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .Validate(o => o.MaxBatchSize is >= 1 and <= 100_000, "Ingestion:MaxBatchSize must be between 1 and 100000.")
            .Validate(o => o.MaxBodyBytes >= 1024, "Ingestion:MaxBodyBytes must be at least 1024.")
            .Validate(o => o.ClockSkewTolerance >= TimeSpan.Zero, "Ingestion:ClockSkewTolerance must not be negative.")
            .ValidateOnStart();

        services.AddOptions<AbuseOptions>()
            .BindConfiguration(AbuseOptions.SectionName)
            .Validate(o => o.SubjectBurstLimit >= 1, "Abuse:SubjectBurstLimit must be at least 1.")
            .Validate(o => o.SubjectBurstWindow > TimeSpan.Zero, "Abuse:SubjectBurstWindow must be positive.")
            .Validate(o => o.MaxSubjectShare is > 0 and <= 1, "Abuse:MaxSubjectShare must be in (0, 1].")
            .Validate(o => o.MinCappedExamples >= 1, "Abuse:MinCappedExamples must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<FeedbackEvents.FeedbackQuarantine>();

        services.AddOptions<UserSignInOptions>()
            .BindConfiguration(UserSignInOptions.SectionName)
            .Validate(o => o.MaxFailedSignIns is >= 1 and <= 1000, "Users:MaxFailedSignIns must be between 1 and 1000.")
            .Validate(o => o.LockoutDuration > TimeSpan.Zero, "Users:LockoutDuration must be positive.")
            .Validate(o => o.MinPasswordLength is >= 8 and <= UserDirectory.MaxPasswordLength, "Users:MinPasswordLength must be between 8 and 256.")
            .ValidateOnStart();

        services.AddSingleton<IngestionMetrics>();
        services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<ModelDefinitionCache>();
        services.AddSingleton<ModelAliasChanges>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<PredictionLog>();
        services.AddSingleton<FeedbackRecorder>();
        services.AddScoped<ModelCatalog>();
        services.AddScoped<ModelVersionRegistry>();
        services.AddScoped<PredictionReader>();
        services.AddScoped<ApiKeyIssuer>();
        services.AddScoped<ModelOwnership>();
        services.AddScoped<UserDirectory>();
        services.AddFeedbackAnnotation();
        services.AddFeedbackServing();
        services.AddFeedbackLabels();
        return services;
    }
}
