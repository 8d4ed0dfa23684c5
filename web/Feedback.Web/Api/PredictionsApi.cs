using Feedback.Core.Access;
using Feedback.Core;
using Feedback.Core.Json;
using Feedback.Core.Predictions;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Api;

/// <summary>The prediction registry: log predictions made elsewhere, read one back with its feedback.</summary>
internal static class PredictionsApi
{
    private static readonly BodyFormat[] LogFormats = [BodyFormat.Json, BodyFormat.NdJson];

    public static RouteGroupBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}/predictions").WithTags("Predictions");
        group.MapPost("/", LogAsync)
            .RequireAccess(Permission.Predict, ModelScope.Model)
            .DocumentsBody<PredictionLogBody>("application/json", "application/x-ndjson")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Log a batch of predictions made elsewhere. All-or-nothing; idempotent on tracking ID.");
        group.MapGet("/{trackingId}", GetAsync)
            .RequireAccess(Permission.ReadModels, ModelScope.Model)
            .WithSummary("A prediction with every feedback event recorded for its tracking ID, and its resolved label once the join has labeled it.");
        return group;
    }

    private static async Task<Ok<PredictionLogResult>> LogAsync(
        string name, HttpContext http, PredictionLog log, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        var maxBatch = options.Value.MaxBatchSize;
        using var body = await RequestBody.ReadAsync(http.Request, LogFormats, cancellationToken);
        PredictionLogResult result;
        if (body.Format == BodyFormat.NdJson)
        {
            var rows = JsonBodyReader.ReadLines<PredictionLogInput>(body.Span, "predictions", maxBatch);
            result = await log.LogAsync(name, null, rows, http.Caller(), cancellationToken);
        }
        else
        {
            var parsed = JsonBodyReader.Read<PredictionLogBody>(body.Span);
            result = await log.LogAsync(name, parsed.Version, parsed.Predictions, http.Caller(), cancellationToken);
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<PredictionResource>, NotFound>> GetAsync(
        string name, string trackingId, HttpContext http, PredictionReader reader, CancellationToken cancellationToken) =>
        http.Caller().CanAccess(name) && await reader.FindAsync(name, trackingId, cancellationToken) is { } prediction
            ? TypedResults.Ok(prediction)
            : TypedResults.NotFound();
}
