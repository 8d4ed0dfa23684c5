using System.Text;
using Feedback.Core.Errors;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Commands;

/// <summary><c>export &lt;model&gt; &lt;snapshotId&gt;</c>: a snapshot's labeled examples as CSV or JSON lines, the
/// same bytes as <c>GET …/snapshots/{id}/examples</c>.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model the snapshot belongs to." };
        var snapshotId = new Argument<long>("snapshotId") { Description = "The snapshot's artifact ID (the snapshot column of 'feedback runs')." };
        var format = new Option<string>("--format") { Description = "csv or jsonl.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong([.. SnapshotExport.Formats]);
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Export a dataset snapshot's labeled examples.") { model, snapshotId, format, outputFile };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var name = context.Value(model)!;
            var id = context.Value(snapshotId);
            var db = services.GetRequiredService<FeedbackDbContext>();
            var belongs = await db.RunArtifacts.Where(a => a.Id == id)
                .Join(db.PipelineRuns, a => a.RunId, r => r.Id, (a, r) => r.ModelId)
                .Join(db.Models.Where(m => m.Name == name), modelId => modelId, m => m.Id, (_, m) => m.Id)
                .AnyAsync(cancellationToken);
            if (!belongs)
            {
                throw new NotFoundException($"Model '{name}' has no artifact {id}.");
            }

            var (artifact, content) = await services.GetRequiredService<RunQueries>().ArtifactAsync(id, cancellationToken);
            if (artifact.Kind != ArtifactKinds.Snapshot)
            {
                throw new NotFoundException($"Artifact {id} is a {artifact.Kind}, not a snapshot.");
            }

            var snapshot = Snapshot.FromBytes(content);
            if (context.Value(outputFile) is { } file)
            {
                var path = environment.Resolve(file);
                await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                {
                    SnapshotExport.Write(snapshot, context.Value(format)!, writer);
                }

                await context.Output.WriteLineAsync($"Wrote {snapshot.Rows.Count} examples of snapshot {id} to {file}.");
            }
            else
            {
                SnapshotExport.Write(snapshot, context.Value(format)!, context.Output);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
