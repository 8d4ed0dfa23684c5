using System.Globalization;
using Feedback.Core.Errors;
using Feedback.Core.Notifications;
using Feedback.Pipeline.Notifications;

namespace Feedback.Cli.Commands;

/// <summary><c>notifications channels add|list|remove</c>, <c>notifications deliveries</c> and <c>notifications test</c>:
/// a model's channels, what was delivered (with every attempt) and what was dead-lettered (SPEC §6).</summary>
internal static class NotificationCommands
{
    public static Command Create(CliEnvironment environment) =>
        new("notifications", "Notification channels and deliveries.") { Channels(environment), Deliveries(environment), Test(environment) };

    private static Command Channels(CliEnvironment environment)
    {
        var model = ModelOption();
        var name = new Option<string>("--name") { Description = "The channel's name, unique per model.", Required = true };
        var kind = new Option<string>("--kind") { Description = "webhook (signed JSON events) or slack (Block Kit to an incoming-webhook URL).", DefaultValueFactory = _ => "webhook" };
        var url = new Option<string>("--url") { Description = "The receiver's http(s) URL.", Required = true };
        var events = new Option<string[]>("--event") { Description = "An event type to send (approval.requested, approval.decided, approval.expired, test); repeat for several; all when omitted." };
        var add = new Command("add", "Add a channel; its signing secret is printed once.") { model, name, kind, url, events };
        add.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var created = await services.GetRequiredService<NotificationChannels>().CreateAsync(
                context.Value(model)!, new ChannelRequest { Name = context.Value(name), Kind = context.Value(kind), Url = context.Value(url), Events = context.Value(events) }, "cli", cancellationToken);
            await context.Output.WriteLineAsync($"Created channel {created.Channel.Id} '{created.Channel.Name}' ({created.Channel.Kind.ToString().ToLowerInvariant()}). Signing secret (shown once):");
            await context.Output.WriteLineAsync(created.Secret);
            return ExitCodes.Ok;
        });

        var listModel = ModelOption();
        var list = new Command("list", "The model's channels (never their secrets).") { listModel };
        list.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var table = new TextTable("ID", "NAME", "KIND", "URL", "EVENTS", "CREATED");
            foreach (var channel in await services.GetRequiredService<NotificationChannels>().ListAsync(context.Value(listModel)!, cancellationToken))
            {
                table.Add(channel.Id.ToString(CultureInfo.InvariantCulture), channel.Name, channel.Kind.ToString().ToLowerInvariant(), channel.Url,
                    string.Join(",", channel.Events), channel.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
            }

            await table.WriteAsync(context.Output);
            return ExitCodes.Ok;
        });

        var removeModel = ModelOption();
        var id = new Argument<long>("id") { Description = "The channel's id." };
        var remove = new Command("remove", "Delete a channel and its deliveries.") { removeModel, id };
        remove.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            await services.GetRequiredService<NotificationChannels>().DeleteAsync(context.Value(removeModel)!, context.Value(id), cancellationToken);
            await context.Output.WriteLineAsync($"Deleted channel {context.Value(id)}.");
            return ExitCodes.Ok;
        });
        return new Command("channels", "A model's notification channels.") { add, list, remove };
    }

    private static Command Deliveries(CliEnvironment environment)
    {
        var model = ModelOption();
        var status = new Option<string?>("--status") { Description = "pending, delivered or deadLettered (dead letters)." };
        var limit = new Option<int>("--limit") { Description = "Most recent deliveries to show.", DefaultValueFactory = _ => 50 };
        var command = new Command("deliveries", "Deliveries, newest first, each with its attempts (status code, error, latency).") { model, status, limit };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            NotificationStatus? filter = null;
            if (context.Value(status) is { } text)
            {
                filter = Enum.TryParse<NotificationStatus>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _)
                    ? parsed
                    : throw new InvalidInputException("--status", "must be pending, delivered or deadLettered");
            }

            var services = await context.ServicesAsync(cancellationToken);
            foreach (var delivery in await services.GetRequiredService<NotificationChannels>().ListDeliveriesAsync(context.Value(model)!, filter, context.Value(limit), cancellationToken))
            {
                await WriteAsync(context.Output, delivery);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Test(CliEnvironment environment)
    {
        var model = ModelOption();
        var channel = new Option<long>("--channel") { Description = "The channel's id.", Required = true };
        var command = new Command("test", "Send a test message to a channel now and show the attempt.") { model, channel };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var delivery = await services.GetRequiredService<NotificationChannels>().SendTestAsync(context.Value(model)!, context.Value(channel), "cli", cancellationToken);
            await WriteAsync(context.Output, delivery);
            return delivery.Status == NotificationStatus.Delivered ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Option<string> ModelOption() => new("--model") { Description = "The model's name.", Required = true };

    private static async Task WriteAsync(TextWriter output, DeliveryView delivery)
    {
        var next = delivery.NextAttemptAt is { } at ? string.Create(CultureInfo.InvariantCulture, $", next attempt {at:u}") : string.Empty;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{delivery.MessageId} {delivery.EventType} to {delivery.Channel}: {Wire(delivery.Status)} after {delivery.Attempts} attempt(s), created {delivery.CreatedAt:u}{next}"));
        foreach (var attempt in delivery.AttemptLog)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  #{attempt.Attempt} {attempt.StartedAt:u} {(attempt.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "---")} {attempt.LatencyMilliseconds:0.0} ms {attempt.Error}"));
        }
    }

    private static string Wire(NotificationStatus status) => status switch
    {
        NotificationStatus.DeadLettered => "dead-lettered",
        _ => status.ToString().ToLowerInvariant(),
    };
}
