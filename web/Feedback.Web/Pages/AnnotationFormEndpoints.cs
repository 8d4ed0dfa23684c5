using Feedback.Core.Access;
using Feedback.Core.Annotation;
using Feedback.Core.Errors;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Feedback.Web.Pages;

/// <summary>The workspace forms: answer or skip the leased task, then go back for the next one (post/redirect/get).
/// The form fields make the framework validate the antiforgery token.</summary>
internal static class AnnotationFormEndpoints
{
    public static IEndpointRouteBuilder MapAnnotationFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/annotate/{project}/tasks/{taskId:long}", AnswerCrowdAsync).WithMetadata(new RequireAccessAttribute(Permission.Annotate, ModelScope.Project)).ExcludeFromDescription();
        app.MapPost("/review/{project}/tasks/{taskId:long}", AnswerExpertAsync).WithMetadata(new RequireAccessAttribute(Permission.ReviewAnnotations, ModelScope.Project)).ExcludeFromDescription();
        return app;
    }

    private static Task<IResult> AnswerCrowdAsync(string project, long taskId, [FromForm] TaskFormInput form, HttpContext http, AnnotationAssignments assignments, CancellationToken cancellationToken) =>
        SettleAsync("annotate", project, taskId, form, new Annotator(http.User.AnnotatorId(), AnnotatorPool.Crowd), assignments, cancellationToken);

    private static Task<IResult> AnswerExpertAsync(string project, long taskId, [FromForm] TaskFormInput form, HttpContext http, AnnotationAssignments assignments, CancellationToken cancellationToken) =>
        SettleAsync("review", project, taskId, form, new Annotator(http.User.AnnotatorId(), AnnotatorPool.Expert), assignments, cancellationToken);

    private static async Task<IResult> SettleAsync(string page, string project, long taskId, TaskFormInput form, Annotator annotator, AnnotationAssignments assignments, CancellationToken cancellationToken)
    {
        var answered = Math.Max(0, form.Answered ?? 0);
        var next = $"/{page}/{Uri.EscapeDataString(project)}";
        try
        {
            if (form.Skip == true)
            {
                await assignments.SkipAsync(taskId, annotator, cancellationToken);
            }
            else
            {
                await assignments.AnswerAsync(taskId, annotator, form.Label, cancellationToken);
                answered++;
            }
        }
        catch (ConflictException conflict)
        {
            return TypedResults.Redirect($"{next}?answered={answered}&notice={Uri.EscapeDataString(conflict.Message)}");
        }

        return TypedResults.Redirect($"{next}?answered={answered}");
    }

    internal sealed class TaskFormInput
    {
        public string? Label { get; set; }

        public bool? Skip { get; set; }

        public int? Answered { get; set; }
    }
}
