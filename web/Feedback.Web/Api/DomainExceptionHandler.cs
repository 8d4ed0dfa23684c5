using Feedback.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Feedback.Web.Api;

/// <summary>Turns typed domain errors into RFC 9457 problem details in one place. Unexpected exceptions fall through
/// to the default handler, which answers 500 with a generic message (no exception text leaks).</summary>
internal sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            InvalidInputException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid",
                Detail = invalid.Message,
            },
            PayloadTooLargeException tooLarge => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [tooLarge.Field] = [tooLarge.Message] })
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request is too large",
                Detail = tooLarge.Message,
            },
            UnsupportedMediaTypeException unsupported => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", unsupported.Message),
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            ConflictException conflict => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [conflict.Field] = [conflict.Message] })
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = conflict.Message,
            },
            AccessDeniedException denied => Problem(StatusCodes.Status403Forbidden, "Forbidden", denied.Message),
            PreconditionFailedException precondition => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", precondition.Message),
            ServiceBusyException busy => Problem(StatusCodes.Status503ServiceUnavailable, "Service busy", busy.Message),
            BadHttpRequestException badRequest => Problem(badRequest.StatusCode, "Bad request", badRequest.Message),
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        Log.Rejected(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Status ?? 400, problem.Detail ?? string.Empty);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        if (exception is ServiceBusyException { RetryAfter: var retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Information, "Rejected {Method} {Path} with {StatusCode}: {Detail}")]
        public static partial void Rejected(ILogger logger, string method, string path, int statusCode, string detail);
    }
}
