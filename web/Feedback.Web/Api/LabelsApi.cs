using Feedback.Core.Access;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>Resolved labels of a model: the join's counts, and a way to run the join now instead of waiting for its schedule.</summary>
internal static class LabelsApi
{
    public static RouteGroupBuilder MapLabelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}").WithTags("Labels");
        group.MapGet("/labels", CountsAsync)
            .RequireAccess(Permission.ReadRuns, ModelScope.Model)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Label counts as of the last join: predictions, with feedback, labeled, conflicts, orphans, needing annotation.");
        group.MapPost("/labels:join", JoinAsync)
            .RequireAccess(Permission.ManageModels, ModelScope.Model)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Run the incremental label join for this model now and return what it did.");
        return group;
    }

    private static async Task<Results<Ok<LabelCounts>, NotFound>> CountsAsync(
        string name, HttpContext http, ModelDefinitionCache models, LabelStatistics statistics, CancellationToken cancellationToken) =>
        await FindAsync(name, http, models, cancellationToken) is { } model
            ? TypedResults.Ok(await statistics.CountsAsync(model.Id, cancellationToken))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<LabelJoinResult>, NotFound>> JoinAsync(
        string name, HttpContext http, ModelDefinitionCache models, LabelJoiner joiner, CancellationToken cancellationToken) =>
        await FindAsync(name, http, models, cancellationToken) is { } model
            ? TypedResults.Ok(await joiner.JoinAsync(model.Id, cancellationToken))
            : TypedResults.NotFound();

    private static async Task<ModelSnapshot?> FindAsync(string name, HttpContext http, ModelDefinitionCache models, CancellationToken cancellationToken) =>
        http.Caller().CanAccess(name) ? await models.FindAsync(name, cancellationToken) : null;
}
