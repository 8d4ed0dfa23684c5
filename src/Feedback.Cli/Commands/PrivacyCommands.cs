using System.Globalization;
using Feedback.Core.Access;
using Feedback.Core.FeedbackEvents;
using Feedback.Pipeline.Privacy;

namespace Feedback.Cli.Commands;

/// <summary><c>subject erase</c> and <c>quarantine list|release|discard</c> (SPEC §3.4), for the operator.</summary>
internal static class PrivacyCommands
{
    /// <summary>The command line acts for the operator: unrestricted, like the first admin key.</summary>
    private static readonly Caller Operator = new("cli", "cli", ApiKeyScopes.Admin, null);

    public static Command Subject(CliEnvironment environment)
    {
        var subject = new Argument<string>("subject") { Description = "The subject ID your app sent with predictions and feedback." };
        var erase = new Command("erase", "Erase everything of a subject; prints what was removed and which model versions had used it.") { subject };
        erase.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var result = await services.GetRequiredService<SubjectEraser>().EraseAsync(context.Value(subject)!, "cli", cancellationToken);
            await context.Output.WriteLineAsync(result.AlreadyErased
                ? $"Nothing of this subject is stored (erasure recorded at {result.ErasedAt:u})."
                : $"Erased: {result.Predictions} predictions, {result.FeedbackEvents} feedback events, {result.AnnotationItems} annotation items, " +
                  $"{result.LabeledExamples} labeled examples, {result.SnapshotExamples} snapshot examples in {result.Snapshots.Count} snapshots.");
            if (result.Versions.Count > 0)
            {
                await context.Output.WriteLineAsync("Versions trained on data that held the subject: " + string.Join(", ", result.Versions.Select(v => $"{v.Model} v{v.Version}")));
            }

            return ExitCodes.Ok;
        });
        return new Command("subject", "Subjects' personal data.") { erase };
    }

    public static Command Quarantine(CliEnvironment environment)
    {
        var list = new Command("list", "Subjects whose feedback is held after a burst.");
        list.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var held = await services.GetRequiredService<FeedbackQuarantine>().ListAsync(Operator, cancellationToken);
            var table = new TextTable("SUBJECT", "EVENTS", "FIRST", "LAST", "MODELS");
            foreach (var subject in held)
            {
                table.Add(subject.Subject, subject.Events.ToString(CultureInfo.InvariantCulture), subject.FirstReceivedAt.ToString("u", CultureInfo.InvariantCulture),
                    subject.LastReceivedAt.ToString("u", CultureInfo.InvariantCulture), string.Join(",", subject.Models));
            }

            await table.WriteAsync(context.Output);
            return ExitCodes.Ok;
        });
        return new Command("quarantine", "Feedback held in quarantine.") { list, Decide(environment, "release"), Decide(environment, "discard") };
    }

    private static Command Decide(CliEnvironment environment, string action)
    {
        var subject = new Argument<string>("subject") { Description = "The subject whose held feedback to " + action + "." };
        var command = new Command(action, action == "release" ? "Let a subject's held feedback join like new events." : "Delete a subject's held feedback.") { subject };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var quarantine = services.GetRequiredService<FeedbackQuarantine>();
            var decision = action == "release"
                ? await quarantine.ReleaseAsync(context.Value(subject)!, cancellationToken)
                : await quarantine.DiscardAsync(context.Value(subject)!, cancellationToken);
            await context.Output.WriteLineAsync($"{decision.Events} held events of '{decision.Subject}' {decision.Action}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
