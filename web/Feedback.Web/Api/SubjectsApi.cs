using Feedback.Core.Access;
using Feedback.Core.FeedbackEvents;
using Feedback.Pipeline.Privacy;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>Privacy and abuse (SPEC §3.4): erase a subject, review feedback held in quarantine.</summary>
internal static class SubjectsApi
{
    public static IEndpointRouteBuilder MapSubjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/v1/subjects/{subject}", EraseAsync)
            .WithTags("Privacy")
            .RequireAccess(Permission.ManageSubjects, ModelScope.Global)
            .ProducesValidationProblem()
            .WithSummary("Erase a subject: its predictions, feedback, annotation items and labeled examples; snapshots are rewritten without them. Idempotent; answers what was removed and which versions had used it.");

        var quarantine = app.MapGroup("/api/v1/quarantine").WithTags("Privacy");
        quarantine.MapGet("", ListAsync)
            .RequireAccess(Permission.ManageSubjects, ModelScope.Filtered)
            .WithSummary("Subjects whose feedback is held after a burst, with counts and models.");
        quarantine.MapPost("/{subject}:release", ReleaseAsync)
            .RequireAccess(Permission.ManageSubjects, ModelScope.Global)
            .WithSummary("Release a subject's held feedback: it joins like newly received events.");
        quarantine.MapPost("/{subject}:discard", DiscardAsync)
            .RequireAccess(Permission.ManageSubjects, ModelScope.Global)
            .WithSummary("Delete a subject's held feedback.");
        return app;
    }

    private static async Task<Ok<ErasureResult>> EraseAsync(string subject, HttpContext http, SubjectEraser eraser, CancellationToken cancellationToken) =>
        TypedResults.Ok(await eraser.EraseAsync(subject, http.Caller().Actor, cancellationToken));

    private static async Task<Ok<IReadOnlyList<QuarantinedSubject>>> ListAsync(HttpContext http, FeedbackQuarantine quarantine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quarantine.ListAsync(http.Caller(), cancellationToken));

    private static async Task<Ok<QuarantineDecision>> ReleaseAsync(string subject, FeedbackQuarantine quarantine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quarantine.ReleaseAsync(subject, cancellationToken));

    private static async Task<Ok<QuarantineDecision>> DiscardAsync(string subject, FeedbackQuarantine quarantine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quarantine.DiscardAsync(subject, cancellationToken));
}
