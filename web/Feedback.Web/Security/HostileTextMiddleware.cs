using Feedback.Core.Text;

namespace Feedback.Web.Security;

/// <summary>Refuses, before any endpoint runs, a path, query parameter or form field holding text that neither
/// database can store (NUL, unpaired surrogates): 400 naming the parameter, instead of a 500 from the database.
/// JSON bodies are checked where they are read (<c>JsonTextGuard</c>).</summary>
internal sealed class HostileTextMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var problem = StorableText.Problem(request.Path.Value) is { } pathProblem ? ("path", pathProblem) : ((string, string)?)null;
        foreach (var (name, values) in request.Query)
        {
            if (problem is not null)
            {
                break;
            }

            problem = Check("query." + name, name, values);
        }

        // The API reads no forms (its endpoints answer 415 to them); pages do, and a malformed form is the client's fault.
        if (problem is null && request.HasFormContentType && !request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                foreach (var (name, values) in form)
                {
                    if ((problem = Check("form." + name, name, values)) is not null)
                    {
                        break;
                    }
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
            {
                problem = ("form", "is not a well-formed form body: " + exception.Message);
            }
        }

        if (problem is { } found)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [found.Item1] = [found.Item2] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is invalid",
                    Detail = $"{found.Item1} {found.Item2}",
                },
            });
            return;
        }

        await next(context);
    }

    private static (string, string)? Check(string field, string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (StorableText.Problem(name) is { } nameProblem)
        {
            return (field, "name " + nameProblem);
        }

        foreach (var value in values)
        {
            if (value is not null && StorableText.Problem(value) is { } valueProblem)
            {
                return (field, valueProblem);
            }
        }

        return null;
    }
}
