namespace Feedback.Core.Errors;

/// <summary>A failure the caller caused and can fix; the API maps each subtype to one status code.</summary>
public abstract class DomainException : Exception
{
    protected DomainException(string message)
        : base(message)
    {
    }
}

/// <summary>The request is invalid; <see cref="Errors"/> names each offending field.</summary>
public sealed class InvalidInputException : DomainException
{
    public InvalidInputException(FieldErrors errors)
        : base(errors.Summary())
    {
        Errors = errors.ToDictionary();
    }

    public InvalidInputException(string field, string message)
        : this(FieldErrors.For(field, message))
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>The request body or batch is larger than allowed (413).</summary>
public sealed class PayloadTooLargeException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>The body's media type is not one the endpoint reads (415).</summary>
public sealed class UnsupportedMediaTypeException(string message) : DomainException(message);

/// <summary>A named resource does not exist (404).</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>The request contradicts stored state, e.g. an idempotency key reused with other content (409).</summary>
public sealed class ConflictException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>The caller is authenticated but not allowed to touch this resource (403).</summary>
public sealed class AccessDeniedException(string message) : DomainException(message);

/// <summary>A precondition such as <c>If-Match</c> does not hold (412).</summary>
public sealed class PreconditionFailedException(string message) : DomainException(message);

/// <summary>The server is at capacity for this kind of request and stored nothing of it; the caller should retry after
/// <see cref="RetryAfter"/> (503 with <c>Retry-After</c>).</summary>
public sealed class ServiceBusyException(string message, TimeSpan retryAfter) : DomainException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
