using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Commands;

/// <summary><c>versions &lt;model&gt;</c> (the registry, with aliases) and <c>promote &lt;model&gt; &lt;version&gt;</c> (move an alias).</summary>
internal static class VersionCommands
{
    public static Command Versions(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model whose versions to list." };
        var json = new Option<bool>("--json") { Description = "Print the versions as a JSON array (the API's version fields plus aliases, run and evaluation), for scripts." };
        var command = new Command("versions", "List the model's registered versions, newest first, with the aliases pointing at each and, for trained " +
            "versions, the primary metric against the production version of their run and the validation result.") { model, json };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var registry = services.GetRequiredService<ModelVersionRegistry>();
            var name = context.Value(model)!;
            var versions = await registry.ListAsync(name, cancellationToken);
            var aliases = (await registry.AliasesAsync(name, cancellationToken)).Aliases.ToLookup(a => a.Version, a => a.Alias);
            var db = services.GetRequiredService<FeedbackDbContext>();
            var registered = await db.Models.AsNoTracking().SingleAsync(m => m.Name == name, cancellationToken);
            var runs = await db.PipelineRuns.AsNoTracking()
                .Where(r => r.ModelId == registered.Id && r.ProducedVersion != null)
                .Select(r => new { r.Id, r.Number, Version = r.ProducedVersion!.Value })
                .ToListAsync(cancellationToken);
            var runOf = runs.GroupBy(r => r.Version).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Number).First());
            var evaluations = await RunEvaluation.ForRunsAsync(db, registered.TaskType, runs.Select(r => r.Id).ToList(), cancellationToken);
            RunEvaluation? EvaluationOf(int version) => runOf.TryGetValue(version, out var run) ? evaluations.GetValueOrDefault(run.Id) : null;
            if (context.Value(json))
            {
                // The API's version objects, unchanged, with the table's extra fields added.
                var array = new JsonArray();
                foreach (var version in versions)
                {
                    var node = JsonSerializer.SerializeToNode(version, RunEvaluation.Json)!.AsObject();
                    node["aliases"] = new JsonArray([.. aliases[version.Version].Select(a => JsonValue.Create(a))]);
                    node["runNumber"] = runOf.TryGetValue(version.Version, out var run) ? run.Number : null;
                    node["evaluation"] = JsonSerializer.SerializeToNode(EvaluationOf(version.Version), RunEvaluation.Json);
                    array.Add(node);
                }

                await context.Output.WriteLineAsync(array.ToJsonString(RunEvaluation.Json));
                return ExitCodes.Ok;
            }

            if (versions.Count == 0)
            {
                await context.Output.WriteLineAsync($"Model '{name}' has no versions yet.");
                return ExitCodes.Ok;
            }

            var table = new TextTable("version", "aliases", "revision", "parent", "bundle", "created", "run", "metric", "validation");
            foreach (var version in versions)
            {
                var evaluation = EvaluationOf(version.Version);
                table.Add(
                    version.Version.ToString(CultureInfo.InvariantCulture),
                    aliases[version.Version].Any() ? string.Join(",", aliases[version.Version]) : null,
                    version.DefinitionRevision.ToString(CultureInfo.InvariantCulture),
                    version.ParentVersion?.ToString(CultureInfo.InvariantCulture),
                    version.BundleHash[..Math.Min(12, version.BundleHash.Length)],
                    TextTable.Time(version.CreatedAt),
                    runOf.TryGetValue(version.Version, out var run) ? run.Number.ToString(CultureInfo.InvariantCulture) : null,
                    evaluation?.Headline(),
                    evaluation?.Validation());
            }

            await table.WriteAsync(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Promote(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model." };
        var version = new Argument<int>("version") { Description = "The version the alias should point at." };
        var alias = new Option<string>("--alias") { Description = "The alias to move.", DefaultValueFactory = _ => ModelVersionRegistry.Production };
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the alias history)." };
        var command = new Command("promote", "Point an alias (production by default) at a version: promote or roll back. Serving switches for requests that start after it.") { model, version, alias, reason };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var move = await services.GetRequiredService<ModelVersionRegistry>().MoveAliasAsync(
                context.Value(model)!, context.Value(alias)!, context.Value(version), $"cli:{Environment.UserName}", context.Value(reason), cancellationToken);
            await context.Output.WriteLineAsync(move.PreviousVersion == move.Version
                ? $"{move.Alias} of '{move.Model}' already points at version {move.Version}."
                : $"{move.Alias} of '{move.Model}': {(move.PreviousVersion is { } previous ? $"version {previous}" : "(none)")} -> version {move.Version}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
