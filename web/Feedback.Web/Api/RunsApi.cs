using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Pipeline.Approvals;
using Feedback.Pipeline.Runs;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>Pipeline runs (trigger, list, inspect, cancel, resume), lineage, snapshot export and approvals (SPEC §2, §5, §6).</summary>
internal static class RunsApi
{
    private static readonly BodyFormat[] JsonOnly = [BodyFormat.Json];

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models/{name}").WithTags("Runs");
        models.MapPost("/runs", StartAsync)
            .RequireAccess(Permission.OperateRuns, ModelScope.Model)
            .DocumentsBody<RunRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Start a run now (manual trigger). 202 with the new run; 409 with the model's active run when one is already going.");
        models.MapGet("/runs", ListAsync).RequireAccess(Permission.ReadRuns, ModelScope.Model).WithSummary("The model's runs, newest first.");
        models.MapGet("/versions/{version:int}/lineage", VersionLineageAsync).RequireAccess(Permission.ReadRuns, ModelScope.Model)
            .WithSummary("Which run, snapshot, feedback events and annotations built the version.");
        models.MapGet("/snapshots/{id:long}/examples", ExportAsync).RequireAccess(Permission.ReadRuns, ModelScope.Model)
            .WithSummary("A snapshot's labeled examples as CSV or JSON lines (?format=csv|jsonl).");

        var runs = app.MapGroup("/api/v1/runs").WithTags("Runs");
        runs.MapGet("/{id:long}", GetAsync).RequireAccess(Permission.ReadRuns, ModelScope.Run).WithSummary("A run with its steps (attempts, timings, summaries), artifacts and log.");
        runs.MapPost("/{id:long}:cancel", CancelAsync).RequireAccess(Permission.OperateRuns, ModelScope.Run).WithSummary("Cancel: a waiting run ends now; an executing one at its next step boundary or training iteration.");
        runs.MapPost("/{id:long}:resume", ResumeAsync).RequireAccess(Permission.OperateRuns, ModelScope.Run).WithSummary("Resume a failed or cancelled run from its first unfinished step.");
        runs.MapGet("/artifacts/{artifactId:long}", ArtifactAsync).RequireAccess(Permission.ReadRuns, ModelScope.Artifact).WithSummary("An artifact's content (statistics, schema, anomalies, evaluation, model…).");

        app.MapGet("/api/v1/predictions/{trackingId}/lineage", PredictionLineageAsync).WithTags("Runs").RequireAccess(Permission.ReadRuns, ModelScope.Prediction)
            .WithSummary("Which snapshots and versions used this prediction's labeled example.");

        var approvals = app.MapGroup("/api/v1/approvals").WithTags("Approvals");
        approvals.MapGet("", ListApprovalsAsync).RequireAccess(Permission.ReadRuns, ModelScope.Filtered).WithSummary("Approval requests, newest first (?status=pending).");
        approvals.MapPost("/{id:long}:approve", (long id, HttpContext http, ApprovalDecisions decisions, CancellationToken ct) => DecideAsync(id, true, http, decisions, ct))
            .RequireAccess(Permission.DecideApprovals, ModelScope.Approval)
            .DocumentsBody<ApprovalDecisionRequest>("application/json")
            .WithSummary("Approve a pending request; the run continues to the Pusher.");
        approvals.MapPost("/{id:long}:reject", (long id, HttpContext http, ApprovalDecisions decisions, CancellationToken ct) => DecideAsync(id, false, http, decisions, ct))
            .RequireAccess(Permission.DecideApprovals, ModelScope.Approval)
            .DocumentsBody<ApprovalDecisionRequest>("application/json")
            .WithSummary("Reject a pending request; the run ends without a push.");
        return app;
    }

    private static async Task<IResult> StartAsync(string name, HttpContext http, Core.Storage.FeedbackDbContext db, RunLauncher launcher, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        caller.EnsureCanAccess(name);
        var request = new RunRequest();
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = await RequestBody.ReadAsync(http.Request, JsonOnly, cancellationToken);
            request = JsonBodyReader.Read<RunRequest>(body.Span);
        }

        if (request.Reason is { Length: > 2000 })
        {
            throw new InvalidInputException("reason", "must be at most 2000 characters");
        }

        var model = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.Models, m => m.Name == name, cancellationToken) ?? throw new NotFoundException($"model '{name}' does not exist");
        var launch = await launcher.StartAsync(model, RunTrigger.Manual, request.Reason is null ? "manual request" : Core.Privacy.PiiScrubber.Scrub(request.Reason), request.ColdStart ?? false, caller.KeyId, cancellationToken);
        var view = RunQueries.View(launch.Run, name);
        return launch.Created
            ? TypedResults.Accepted($"/api/v1/runs/{launch.Run.Id}", view)
            : TypedResults.Problem(
                title: "A run of this model is already active",
                detail: $"Run {launch.Run.Number} (id {launch.Run.Id}) is {launch.Run.Status}; one run per model at a time.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["activeRun"] = view });
    }

    private static async Task<Ok<IReadOnlyList<RunView>>> ListAsync(string name, HttpContext http, RunQueries queries, int? limit, CancellationToken cancellationToken)
    {
        http.Caller().EnsureCanAccess(name);
        return TypedResults.Ok(await queries.ListAsync(name, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
    }

    private static async Task<Ok<RunDetail>> GetAsync(long id, RunQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.GetAsync(id, cancellationToken));

    private static async Task<Ok<RunView>> CancelAsync(long id, RunLauncher launcher, RunQueries queries, CancellationToken cancellationToken)
    {
        await launcher.CancelAsync(id, cancellationToken);
        return TypedResults.Ok((await queries.GetAsync(id, cancellationToken)).Run);
    }

    private static async Task<Accepted<RunView>> ResumeAsync(long id, RunLauncher launcher, RunQueries queries, CancellationToken cancellationToken)
    {
        await launcher.ResumeAsync(id, cancellationToken);
        return TypedResults.Accepted($"/api/v1/runs/{id}", (await queries.GetAsync(id, cancellationToken)).Run);
    }

    private static async Task<IResult> ArtifactAsync(long artifactId, RunQueries queries, CancellationToken cancellationToken)
    {
        var (artifact, content) = await queries.ArtifactAsync(artifactId, cancellationToken);
        return TypedResults.File(content, artifact.MediaType, $"{artifact.Kind}-{artifact.Hash[..12]}");
    }

    private static async Task<Ok<VersionLineage>> VersionLineageAsync(string name, int version, HttpContext http, RunQueries queries, CancellationToken cancellationToken)
    {
        http.Caller().EnsureCanAccess(name);
        return TypedResults.Ok(await queries.VersionLineageAsync(name, version, cancellationToken));
    }

    private static async Task<Ok<PredictionLineage>> PredictionLineageAsync(string trackingId, RunQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.PredictionLineageAsync(trackingId, cancellationToken));

    private static async Task<IResult> ExportAsync(string name, long id, string? format, HttpContext http, RunQueries queries, Core.Storage.FeedbackDbContext db, CancellationToken cancellationToken)
    {
        http.Caller().EnsureCanAccess(name);
        if (format is not (null or "csv" or "jsonl"))
        {
            throw new InvalidInputException("format", "must be csv or jsonl");
        }

        var (artifact, content) = await queries.ArtifactAsync(id, cancellationToken);
        // A key limited to one model must not read another model's examples through its own model's route.
        var modelId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            db.Models.Where(m => m.Name == name).Select(m => (long?)m.Id), cancellationToken);
        if (artifact.Kind != ArtifactKinds.Snapshot || artifact.ModelId != modelId)
        {
            throw new NotFoundException($"model '{name}' has no snapshot {id}");
        }

        var snapshot = Pipeline.Data.Snapshot.FromBytes(content);
        return format == "csv"
            ? TypedResults.Text(Pipeline.Data.SnapshotExport.Csv(snapshot), "text/csv", System.Text.Encoding.UTF8)
            : TypedResults.Text(Pipeline.Data.SnapshotExport.JsonLines(snapshot), "application/x-ndjson", System.Text.Encoding.UTF8);
    }

    private static async Task<Ok<IReadOnlyList<ApprovalRequest>>> ListApprovalsAsync(
        string? status, HttpContext http, ApprovalDecisions decisions, Core.Storage.FeedbackDbContext db, CancellationToken cancellationToken)
    {
        ApprovalStatus? filter = null;
        if (status is not null)
        {
            filter = Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidInputException("status", "must be pending, approved, rejected, expired or withdrawn");
        }

        var requests = await decisions.ListAsync(filter, cancellationToken);
        var caller = http.Caller();
        if (caller.Models is { } allowed)
        {
            var ids = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Models.Where(m => allowed.Contains(m.Name)).Select(m => m.Id), cancellationToken);
            requests = [.. requests.Where(r => ids.Contains(r.ModelId))];
        }

        return TypedResults.Ok(requests);
    }

    private static async Task<Ok<ApprovalRequest>> DecideAsync(long id, bool approve, HttpContext http, ApprovalDecisions decisions, CancellationToken cancellationToken)
    {
        var request = new ApprovalDecisionRequest();
        if (http.Request.ContentLength is > 0)
        {
            using var body = await RequestBody.ReadAsync(http.Request, JsonOnly, cancellationToken);
            request = JsonBodyReader.Read<ApprovalDecisionRequest>(body.Span);
        }

        var caller = http.Caller();
        var decidedBy = caller.Kind == CallerKind.User ? caller.UserName! : $"api-key:{caller.KeyId}";
        return TypedResults.Ok(await decisions.DecideAsync(id, approve, decidedBy, caller.Kind == CallerKind.User ? "ui" : "api", request.Comment is null ? null : Core.Privacy.PiiScrubber.Scrub(request.Comment), cancellationToken));
    }
}
