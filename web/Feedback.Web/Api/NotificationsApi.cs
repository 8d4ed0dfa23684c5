using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Core.Notifications;
using Feedback.Pipeline.Notifications;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>A model's notification channels (the secret is returned once, at creation), test messages, and deliveries
/// with their attempts and dead letters (SPEC §6).</summary>
internal static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}/notifications").WithTags("Notifications");
        group.MapPost("/channels", CreateAsync)
            .RequireAccess(Permission.ManageModels, ModelScope.Model)
            .DocumentsBody<ChannelRequest>("application/json")
            .ProducesValidationProblem()
            .WithSummary("Add a channel (webhook or slack); the response holds the only copy of its signing secret.");
        group.MapGet("/channels", ListAsync).RequireAccess(Permission.ManageModels, ModelScope.Model).WithSummary("The model's channels (never their secrets).");
        group.MapDelete("/channels/{id:long}", DeleteAsync).RequireAccess(Permission.ManageModels, ModelScope.Model).WithSummary("Delete a channel and its deliveries.");
        group.MapPost("/channels/{id:long}:test", TestAsync).RequireAccess(Permission.ManageModels, ModelScope.Model)
            .WithSummary("Send a test message through the outbox now; answers with its delivery and first attempt.");
        group.MapGet("/deliveries", DeliveriesAsync).RequireAccess(Permission.ReadRuns, ModelScope.Model)
            .WithSummary("Deliveries, newest first, with every attempt (?status=pending|delivered|deadLettered&limit=100).");
        return app;
    }

    private static async Task<Created<CreatedChannel>> CreateAsync(string name, HttpContext http, NotificationChannels channels, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        caller.EnsureCanAccess(name);
        using var body = await RequestBody.ReadAsync(http.Request, [BodyFormat.Json], cancellationToken);
        var request = JsonBodyReader.Read<ChannelRequest>(body.Span);
        var created = await channels.CreateAsync(name, request, CallerName(caller), cancellationToken);
        return TypedResults.Created($"/api/v1/models/{name}/notifications/channels/{created.Channel.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ChannelView>>> ListAsync(string name, HttpContext http, NotificationChannels channels, CancellationToken cancellationToken)
    {
        http.Caller().EnsureCanAccess(name);
        return TypedResults.Ok(await channels.ListAsync(name, cancellationToken));
    }

    private static async Task<NoContent> DeleteAsync(string name, long id, HttpContext http, NotificationChannels channels, CancellationToken cancellationToken)
    {
        http.Caller().EnsureCanAccess(name);
        await channels.DeleteAsync(name, id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<DeliveryView>> TestAsync(string name, long id, HttpContext http, NotificationChannels channels, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        caller.EnsureCanAccess(name);
        return TypedResults.Ok(await channels.SendTestAsync(name, id, CallerName(caller), cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<DeliveryView>>> DeliveriesAsync(string name, string? status, int? limit, HttpContext http, NotificationChannels channels, CancellationToken cancellationToken)
    {
        http.Caller().EnsureCanAccess(name);
        NotificationStatus? filter = null;
        if (status is not null)
        {
            filter = Enum.TryParse<NotificationStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _)
                ? parsed
                : throw new InvalidInputException("status", "must be pending, delivered or deadLettered");
        }

        return TypedResults.Ok(await channels.ListDeliveriesAsync(name, filter, limit ?? 100, cancellationToken));
    }

    private static string CallerName(Caller caller) => caller.Kind == CallerKind.User ? caller.UserName! : $"api-key:{caller.KeyId}";
}
