using Feedback.Core.Errors;
using Feedback.Core.Labels;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Commands;

/// <summary><c>label-join &lt;model&gt;</c>: the incremental label join, now (as <c>POST …/labels:join</c>).</summary>
internal static class LabelJoinCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model whose feedback to join into labels." };
        var command = new Command("label-join", "Join the model's feedback and annotations into resolved labels now; prints what changed and the counts.") { model };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var name = context.Value(model)!;
            var modelId = await services.GetRequiredService<FeedbackDbContext>().Models.Where(m => m.Name == name).Select(m => (long?)m.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"Model '{name}' does not exist.");
            var result = await services.GetRequiredService<LabelJoiner>().JoinAsync(modelId, cancellationToken);
            var counts = result.Counts;
            var output = context.Output;
            await output.WriteLineAsync($"Joined '{name}'{(result.FullRescan ? " (full rescan)" : string.Empty)} in {result.Elapsed.TotalSeconds:0.###} s: " +
                $"{result.Touched} tracking IDs resolved, {result.Inserted} labels added, {result.Updated} updated, {result.Removed} removed, {result.IgnoredLabels} labels ignored.");
            await output.WriteLineAsync($"Predictions: {counts.Predictions}, with feedback: {counts.WithFeedback}, labeled: {counts.Labeled}, " +
                $"conflicts: {counts.Conflicts}, orphans: {counts.Orphans}, needing annotation: {counts.NeedsAnnotation}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
