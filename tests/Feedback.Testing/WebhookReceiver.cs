using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Testing;

/// <summary>A real HTTP receiver on a free loopback port (Kestrel) standing in for a webhook endpoint: it records every
/// request and answers with the status the test chooses for each request in turn.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly Func<int, Task<int>> _answer;

    private WebhookReceiver(Func<int, Task<int>> answer)
    {
        _answer = answer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/{**path}", HandleAsync);
    }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>The URL to configure as the channel's endpoint.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Starts a receiver whose answer to the n-th request (1-based) is <paramref name="answer"/>(n): a status code.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, Task<int>> answer)
    {
        var receiver = new WebhookReceiver(answer);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "hooks/feedback");
        return receiver;
    }

    /// <summary>A receiver that answers every request with <paramref name="status"/>.</summary>
    public static Task<WebhookReceiver> StartAsync(int status = StatusCodes.Status200OK) => StartAsync(_ => Task.FromResult(status));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        _received.Enqueue(new ReceivedRequest(context.Request.Path, headers, body));
        context.Response.StatusCode = await _answer(_received.Count);
    }
}

/// <summary>One request as the receiver saw it (header names in lower case).</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
