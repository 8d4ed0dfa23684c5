using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Annotation;

public static class AnnotationServiceCollectionExtensions
{
    /// <summary>Registers annotation projects, populate, assignment, aggregation and quality, with validated options.</summary>
    public static IServiceCollection AddFeedbackAnnotation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AnnotationOptions>()
            .BindConfiguration(AnnotationOptions.SectionName)
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(10) && o.LeaseDuration <= TimeSpan.FromDays(1),
                "Annotation:LeaseDuration must be between 00:00:10 and 1.00:00:00.")
            .Validate(o => o.QualityThreshold is >= 0 and <= 1, "Annotation:QualityThreshold must be between 0 and 1.")
            .Validate(o => o.FlaggedWeight is >= 0 and <= 1, "Annotation:FlaggedWeight must be between 0 and 1.")
            .Validate(o => o.MinScoredAnswers >= 1, "Annotation:MinScoredAnswers must be at least 1.")
            .Validate(o => o.MaxCandidates is >= 100 and <= 1_000_000, "Annotation:MaxCandidates must be between 100 and 1000000.")
            .Validate(o => o.DawidSkeneTolerance is > 0 and < 1, "Annotation:DawidSkeneTolerance must be between 0 and 1 (exclusive).")
            .Validate(o => o.DawidSkeneMaxIterations is >= 1 and <= 10_000, "Annotation:DawidSkeneMaxIterations must be between 1 and 10000.")
            .ValidateOnStart();
        services.AddSingleton<AnnotationWriteGate>();
        services.AddScoped<AnnotationProjects>();
        services.AddScoped<AnnotationPopulator>();
        services.AddScoped<AnnotatorWeights>();
        services.AddScoped<ItemResolver>();
        services.AddScoped<AnnotationAssignments>();
        services.AddScoped<AnnotationReports>();
        return services;
    }
}
