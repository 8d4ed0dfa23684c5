using Feedback.Core.Access;
using Feedback.Core;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Json;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Api;

/// <summary>Feedback ingestion: one event, <c>{"events": [...]}</c>, or NDJSON; all-or-nothing, idempotent on event ID.</summary>
internal static class FeedbackApi
{
    private static readonly BodyFormat[] Formats = [BodyFormat.Json, BodyFormat.NdJson];

    public static RouteHandlerBuilder MapFeedbackApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/feedback", RecordAsync)
            .WithTags("Feedback")
            .RequireAccess(Permission.SendFeedback, ModelScope.Filtered)
            .DocumentsBody<FeedbackRequestBody>("application/json", "application/x-ndjson")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record feedback events. A replayed event ID is a no-op that still succeeds.");

    private static async Task<Ok<FeedbackResult>> RecordAsync(HttpContext http, FeedbackRecorder recorder, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(http.Request, Formats, cancellationToken);
        if (body.Format == BodyFormat.NdJson)
        {
            var lines = JsonBodyReader.ReadLines<FeedbackEventInput>(body.Span, "events", options.Value.MaxBatchSize);
            return TypedResults.Ok(await recorder.RecordAsync(lines, bareEvent: false, http.Caller(), cancellationToken));
        }

        var parsed = JsonBodyReader.Read<FeedbackRequestBody>(body.Span);
        if (parsed.Events is not null)
        {
            if (parsed.HasEventFields)
            {
                throw new Core.Errors.InvalidInputException("events", "send either one event or {\"events\": [...]}, not both");
            }

            return TypedResults.Ok(await recorder.RecordAsync(parsed.Events, bareEvent: false, http.Caller(), cancellationToken));
        }

        return TypedResults.Ok(await recorder.RecordAsync([parsed], bareEvent: true, http.Caller(), cancellationToken));
    }
}
