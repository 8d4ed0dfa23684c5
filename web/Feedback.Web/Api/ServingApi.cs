using Feedback.Core.Access;
using Feedback.Core.Json;
using Feedback.Core.Serving;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>Online serving: <c>POST /api/v1/models/{name}:predict</c>.</summary>
internal static class ServingApi
{
    private static readonly BodyFormat[] PredictFormats = [BodyFormat.Json];

    public static RouteHandlerBuilder MapServingApi(this IEndpointRouteBuilder app) =>
        // A custom verb after the model name: routing matches the literal ':predict' at the end of the segment and
        // binds the rest to {name}. Model names cannot contain ':', so the split is never ambiguous.
        app.MapPost("/api/v1/models/{name}:predict", PredictAsync)
            .WithTags("Serving")
            .RequireAccess(Permission.Predict, ModelScope.Model)
            .DocumentsBody<PredictRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Score instances with the model's production version. Every prediction is recorded (origin served) before the answer; all-or-nothing. 503 with Retry-After when the registry write queue is full (nothing stored).");

    private static async Task<Ok<PredictResponse>> PredictAsync(string name, HttpContext http, ModelServer server, CancellationToken cancellationToken)
    {
        PredictRequest request;
        using (var body = await RequestBody.ReadAsync(http.Request, PredictFormats, cancellationToken))
        {
            request = JsonBodyReader.Read<PredictRequest>(body.Span);
        }

        return TypedResults.Ok(await server.PredictAsync(name, request, http.Caller(), cancellationToken));
    }
}
