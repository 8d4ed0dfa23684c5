using Feedback.Pipeline.Approvals;
using Feedback.Pipeline.Artifacts;
using Feedback.Pipeline.Events;
using Feedback.Pipeline.Notifications;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Feedback.Pipeline.Steps;
using Feedback.Pipeline.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers the training pipeline: runs, steps, triggers, approvals and the Hangfire jobs that execute them.</summary>
    public static IServiceCollection AddFeedbackPipeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Bundles of ML.NET-trained versions are read by the Trainer's baseline, the Evaluator and serving's bundle
        // cache; every process that runs the pipeline or serves registers the format here (idempotent).
        Ml.MlNet.MlNetFormat.Register();
        services.AddFeedbackScheduler();
        services.AddFeedbackNotifications();
        services.AddOptions<PipelineOptions>()
            .BindConfiguration(PipelineOptions.SectionName)
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.StaleAfter > o.HeartbeatInterval, "Pipeline:StaleAfter must exceed Pipeline:HeartbeatInterval, which must be positive.")
            .Validate(o => o.RecoveryInterval > TimeSpan.Zero && o.TriggerInterval > TimeSpan.Zero, "Pipeline:RecoveryInterval and Pipeline:TriggerInterval must be positive.")
            .Validate(o => o.ServingSampleSize is >= 0 and <= 10_000_000, "Pipeline:ServingSampleSize must be between 0 and 10000000.")
            .ValidateOnStart();
        services.AddSingleton<PipelineEventBus>();
        services.AddSingleton<RunCancellation>();
        services.AddScoped<RunScheduler>();
        services.AddSingleton<RunLease>();
        services.AddScoped<RunJournal>();
        services.AddScoped<ArtifactStore>();
        services.AddScoped<Privacy.SubjectEraser>();
        services.AddScoped<RunExecutor>();
        services.AddScoped<RunLauncher>();
        services.AddScoped<RunQueries>();
        services.AddScoped<ApprovalDecisions>();
        services.AddScoped<TriggerEvaluator>();
        services.AddSingleton<TriggerCadence>();
        services.AddSingleton<IPipelineStep, ExampleGenStep>();
        services.AddSingleton<IPipelineStep, StatisticsGenStep>();
        services.AddSingleton<IPipelineStep, SchemaGenStep>();
        services.AddSingleton<IPipelineStep, ExampleValidatorStep>();
        services.AddSingleton<IPipelineStep, TransformStep>();
        services.AddSingleton<IPipelineStep, TrainerStep>();
        services.AddSingleton<IPipelineStep, EvaluatorStep>();
        services.AddSingleton<IPipelineStep, ApprovalStep>();
        services.AddSingleton<IPipelineStep, PusherStep>();
        services.AddHostedService<PipelineSchedules>();
        // Registered after the scheduler's hosted service, so it stops first: runs are interrupted before the job server stops.
        services.AddHostedService<RunDrain>();
        return services;
    }
}
