using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Security;

/// <summary>Abuse limits (<c>RateLimits</c> section). Counts are kept per node: with N web nodes behind a balancer a
/// caller gets at most N times the rate.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary><c>:predict</c> and logged predictions, per API key (or user) per second.</summary>
    [Range(1, 1_000_000)]
    public int PredictPerSecond { get; set; } = 2000;

    /// <summary>Feedback requests per API key (or user) per second.</summary>
    [Range(1, 1_000_000)]
    public int FeedbackPerSecond { get; set; } = 1000;

    /// <summary>Sign-in attempts per client address per minute.</summary>
    [Range(1, 100_000)]
    public int SignInPerMinute { get; set; } = 20;
}

/// <summary>One global limiter that picks a bucket per request: predict and feedback per caller, sign-in per address.
/// Refusals answer 429 with <c>Retry-After</c> and problem details.</summary>
internal static class RateLimits
{
    public static IServiceCollection AddFeedbackRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits").ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        var request = context.Request;
        if (!options.Enabled || !HttpMethods.IsPost(request.Method))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var path = request.Path.Value ?? string.Empty;
        if (path.Equals("/signin", StringComparison.OrdinalIgnoreCase))
        {
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter("signin:" + address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.SignInPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }

        int perSecond;
        string kind;
        if (path.StartsWith("/api/v1/models/", StringComparison.Ordinal) && (path.EndsWith(":predict", StringComparison.Ordinal) || path.Contains("/predictions", StringComparison.Ordinal)))
        {
            (kind, perSecond) = ("predict", options.PredictPerSecond);
        }
        else if (path.StartsWith("/api/v1/feedback", StringComparison.Ordinal))
        {
            (kind, perSecond) = ("feedback", options.FeedbackPerSecond);
        }
        else
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
        return RateLimitPartition.GetTokenBucketLimiter($"{kind}:{perSecond}:{caller}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The rate limit for this caller was reached; retry after {retryAfter} s.",
            },
        });
    }
}
