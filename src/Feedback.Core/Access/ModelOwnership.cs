using System.Globalization;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Access;

/// <summary>Finds which model a route's resource belongs to (one indexed read), for the authorisation check.</summary>
public sealed class ModelOwnership(FeedbackDbContext context)
{
    /// <returns>The model's name; null when the resource does not exist (the endpoint then answers 404 itself).</returns>
    public async Task<string?> ModelOfAsync(ModelScope scope, Func<string, string?> routeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routeValue);
        switch (scope)
        {
            case ModelScope.Model:
                return routeValue("name");
            case ModelScope.Project:
                var project = routeValue("project");
                return project is null ? null : await context.AnnotationProjects.Where(p => p.Name == project)
                    .Join(context.Models, p => p.ModelId, m => m.Id, (_, m) => m.Name).FirstOrDefaultAsync(cancellationToken);
            case ModelScope.Prediction:
                var trackingId = routeValue("trackingId");
                return trackingId is null ? null : await context.Predictions.Where(p => p.TrackingId == trackingId)
                    .Join(context.Models, p => p.ModelId, m => m.Id, (_, m) => m.Name).FirstOrDefaultAsync(cancellationToken);
        }

        var id = Id(scope switch
        {
            ModelScope.Artifact => routeValue("artifactId"),
            ModelScope.Task => routeValue("taskId") ?? routeValue("id"),
            _ => routeValue("id"),
        });
        if (id is null)
        {
            return null;
        }

        IQueryable<long> modelIds = scope switch
        {
            ModelScope.Run => context.PipelineRuns.Where(r => r.Id == id).Select(r => r.ModelId),
            ModelScope.Artifact => context.RunArtifacts.Where(a => a.Id == id).Select(a => a.ModelId),
            ModelScope.Approval => context.ApprovalRequests.Where(a => a.Id == id).Select(a => a.ModelId),
            ModelScope.Task => context.AnnotationSlots.Where(s => s.Id == id)
                .Join(context.AnnotationProjects, s => s.ProjectId, p => p.Id, (_, p) => p.ModelId),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "this scope names no single resource"),
        };
        return await modelIds.Join(context.Models, modelId => modelId, m => m.Id, (_, m) => m.Name).FirstOrDefaultAsync(cancellationToken);
    }

    private static long? Id(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
