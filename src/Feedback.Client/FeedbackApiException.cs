using System.Net;

namespace Feedback.Client;

/// <summary>The server refused a request; <see cref="Problem"/> is its problem-details body (which names the fields).</summary>
public sealed class FeedbackApiException(HttpStatusCode status, string problem)
    : Exception($"The Feedback server answered {(int)status} {status}: {problem}")
{
    public HttpStatusCode Status { get; } = status;

    public string Problem { get; } = problem;
}
