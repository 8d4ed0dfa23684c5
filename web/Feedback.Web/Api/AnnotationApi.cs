using Feedback.Core.Access;
using Feedback.Core.Annotation;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>Annotation (SPEC §4): project management (admin), work for annotators (<c>annotate</c>), quality and
/// aggregate reads. An API key annotates as <c>key:{id}</c> in the crowd pool; admin keys may ask for expert work.</summary>
internal static class AnnotationApi
{
    private static readonly BodyFormat[] Json = [BodyFormat.Json];

    public static RouteGroupBuilder MapAnnotationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/annotation").WithTags("Annotation");
        group.MapPost("/projects", CreateAsync).RequireAccess(Permission.ManageAnnotation, ModelScope.Filtered)
            .DocumentsBody<AnnotationProjectRequest>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create an annotation project for a classification model.");
        group.MapGet("/projects", ListAsync).RequireAccess(Permission.ReadAnnotationProjects, ModelScope.Filtered).WithSummary("List annotation projects with their progress.");
        group.MapGet("/projects/{project}", GetAsync).RequireAccess(Permission.ReadAnnotationProjects, ModelScope.Project).WithSummary("Read a project, its settings and progress.");
        group.MapPost("/projects/{project}:populate", PopulateAsync).RequireAccess(Permission.ManageAnnotation, ModelScope.Project)
            .WithSummary("Run the project's task sources: queue new items, each source up to its quota.");
        group.MapPost("/projects/{project}/gold", AddGoldAsync).RequireAccess(Permission.ManageAnnotation, ModelScope.Project)
            .DocumentsBody<GoldItemsRequest>("application/json").ProducesValidationProblem()
            .WithSummary("Add gold items (predictions with a known answer) that are mixed in at the project's gold rate.");
        group.MapGet("/{project}/next", NextAsync).RequireAccess(Permission.Annotate, ModelScope.Project)
            .WithSummary("Lease the next task (?pool=expert for the review queue, admin keys only); 204 when there is none.");
        group.MapPost("/tasks/{id:long}", AnswerAsync).RequireAccess(Permission.Annotate, ModelScope.Task)
            .DocumentsBody<AnswerRequest>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Answer a leased task with one of the project's choices.");
        group.MapPost("/tasks/{id}:skip", SkipAsync).RequireAccess(Permission.Annotate, ModelScope.Task).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Skip a leased task: the item is not offered to this annotator again.");
        group.MapGet("/projects/{project}/quality", QualityAsync).RequireAccess(Permission.ManageAnnotation, ModelScope.Project)
            .WithSummary("Per-annotator quality (gold accuracy, agreement with consensus, pace, flag, weight) and project agreement.");
        group.MapGet("/projects/{project}/aggregates", AggregatesAsync).RequireAccess(Permission.ManageAnnotation, ModelScope.Project)
            .WithSummary("Per-item label and confidence: ?method=majority-vote (default, incremental) or dawid-skene (computed now).");
        group.MapGet("/projects/{project}/resolved", ResolvedAsync).RequireAccess(Permission.ManageAnnotation, ModelScope.Project)
            .WithSummary("Resolved labels as evidence for the label resolver: source crowd or expert, confidence, answer IDs.");
        return group;
    }

    private static async Task<Ok<ProjectQuality>> QualityAsync(string project, HttpContext http, AnnotationProjects projects, AnnotationReports reports, CancellationToken cancellationToken)
    {
        await VisibleProjectAsync(project, http.Caller(), projects, cancellationToken);
        return TypedResults.Ok(await reports.QualityAsync(project, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<ItemAggregate>>> AggregatesAsync(
        string project, string? method, HttpContext http, AnnotationProjects projects, AnnotationReports reports, CancellationToken cancellationToken)
    {
        await VisibleProjectAsync(project, http.Caller(), projects, cancellationToken);
        return TypedResults.Ok(await reports.AggregatesAsync(project, method ?? AnnotationReports.MajorityVoteMethod, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<AnnotationEvidence>>> ResolvedAsync(string project, HttpContext http, AnnotationProjects projects, AnnotationReports reports, CancellationToken cancellationToken)
    {
        await VisibleProjectAsync(project, http.Caller(), projects, cancellationToken);
        return TypedResults.Ok(await reports.ResolvedLabelsAsync(project, cancellationToken));
    }

    private static async Task<Created<AnnotationProjectResource>> CreateAsync(HttpContext http, AnnotationProjects projects, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(http.Request, Json, cancellationToken);
        var request = JsonBodyReader.Read<AnnotationProjectRequest>(body.Span);
        var caller = http.Caller();
        if (request.Model is { } model && !caller.CanAccess(model))
        {
            throw new AccessDeniedException($"This caller is not allowed to use model '{model}'.");
        }

        var project = await projects.CreateAsync(request, caller.Actor, cancellationToken);
        return TypedResults.Created($"/api/v1/annotation/projects/{project.Name}", project);
    }

    private static async Task<Ok<List<AnnotationProjectResource>>> ListAsync(HttpContext http, AnnotationProjects projects, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        var all = (await projects.ListAsync(cancellationToken)).Where(p => caller.CanAccess(p.Model));
        if (!caller.May(Permission.ManageAnnotation))
        {
            var worked = await projects.WorkedInAsync(AnnotatorId(caller), cancellationToken);
            all = all.Where(p => worked.Contains(p.Name));
        }

        return TypedResults.Ok(all.ToList());
    }

    /// <summary>A project's definition: for annotate-only callers, only of a project they hold or answered a task in.</summary>
    private static async Task<Ok<AnnotationProjectResource>> GetAsync(string project, HttpContext http, AnnotationProjects projects, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        var resource = await VisibleProjectAsync(project, caller, projects, cancellationToken);
        if (!caller.May(Permission.ManageAnnotation) && !(await projects.WorkedInAsync(AnnotatorId(caller), cancellationToken)).Contains(resource.Name))
        {
            throw new NotFoundException($"Annotation project '{project}' does not exist.");
        }

        return TypedResults.Ok(resource);
    }

    private static async Task<Ok<PopulateResult>> PopulateAsync(string project, HttpContext http, AnnotationProjects projects, AnnotationPopulator populator, CancellationToken cancellationToken)
    {
        await VisibleProjectAsync(project, http.Caller(), projects, cancellationToken);
        return TypedResults.Ok(await populator.PopulateAsync(project, cancellationToken));
    }

    private static async Task<Ok<GoldAdded>> AddGoldAsync(string project, HttpContext http, AnnotationProjects projects, CancellationToken cancellationToken)
    {
        await VisibleProjectAsync(project, http.Caller(), projects, cancellationToken);
        using var body = await RequestBody.ReadAsync(http.Request, Json, cancellationToken);
        var request = JsonBodyReader.Read<GoldItemsRequest>(body.Span);
        return TypedResults.Ok(new GoldAdded(await projects.AddGoldAsync(project, request.Items, cancellationToken)));
    }

    private static async Task<Results<Ok<AnnotationTask>, NoContent>> NextAsync(
        string project, string? pool, HttpContext http, AnnotationProjects projects, AnnotationAssignments assignments, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        await VisibleProjectAsync(project, caller, projects, cancellationToken);
        var annotator = new Annotator(AnnotatorId(caller), ParsePool(pool, caller));
        var task = await assignments.NextAsync(project, annotator, cancellationToken);
        return task is null ? TypedResults.NoContent() : TypedResults.Ok(task);
    }

    private static async Task<Ok<AnswerResult>> AnswerAsync(long id, HttpContext http, AnnotationAssignments assignments, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(http.Request, Json, cancellationToken);
        var request = JsonBodyReader.Read<AnswerRequest>(body.Span);
        var caller = http.Caller();
        return TypedResults.Ok(await assignments.AnswerAsync(id, new Annotator(AnnotatorId(caller), AnnotatorPool.Crowd), request.Label, cancellationToken));
    }

    private static async Task<NoContent> SkipAsync(string id, HttpContext http, AnnotationAssignments assignments, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, out var taskId))
        {
            throw new NotFoundException($"Annotation task '{id}' does not exist.");
        }

        var caller = http.Caller();
        await assignments.SkipAsync(taskId, new Annotator(AnnotatorId(caller), AnnotatorPool.Crowd), cancellationToken);
        return TypedResults.NoContent();
    }

    private static string AnnotatorId(Caller caller) => caller.Actor;

    private static AnnotatorPool ParsePool(string? pool, Caller caller) => pool switch
    {
        null or "crowd" => AnnotatorPool.Crowd,
        "expert" when caller.May(Permission.ReviewAnnotations) => AnnotatorPool.Expert,
        "expert" => throw new AccessDeniedException("Only callers allowed to review (expert role or admin key) may take expert review tasks."),
        _ => throw new InvalidInputException("pool", "must be crowd or expert"),
    };

    private static async Task<AnnotationProjectResource> VisibleProjectAsync(string name, Caller caller, AnnotationProjects projects, CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(name, cancellationToken);
        return caller.CanAccess(project.Model) ? project : throw new NotFoundException($"Annotation project '{name}' does not exist.");
    }

    internal sealed record GoldAdded(int Added);
}
