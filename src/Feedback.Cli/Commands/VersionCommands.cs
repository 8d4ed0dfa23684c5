using System.Globalization;
using Feedback.Core.Models;

namespace Feedback.Cli.Commands;

/// <summary><c>versions &lt;model&gt;</c> (the registry, with aliases) and <c>promote &lt;model&gt; &lt;version&gt;</c> (move an alias).</summary>
internal static class VersionCommands
{
    public static Command Versions(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model whose versions to list." };
        var command = new Command("versions", "List the model's registered versions, newest first, with the aliases pointing at each.") { model };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var registry = services.GetRequiredService<ModelVersionRegistry>();
            var name = context.Value(model)!;
            var versions = await registry.ListAsync(name, cancellationToken);
            var aliases = (await registry.AliasesAsync(name, cancellationToken)).Aliases.ToLookup(a => a.Version, a => a.Alias);
            if (versions.Count == 0)
            {
                await context.Output.WriteLineAsync($"Model '{name}' has no versions yet.");
                return ExitCodes.Ok;
            }

            var table = new TextTable("version", "aliases", "revision", "parent", "bundle", "created");
            foreach (var version in versions)
            {
                table.Add(
                    version.Version.ToString(CultureInfo.InvariantCulture),
                    aliases[version.Version].Any() ? string.Join(",", aliases[version.Version]) : null,
                    version.DefinitionRevision.ToString(CultureInfo.InvariantCulture),
                    version.ParentVersion?.ToString(CultureInfo.InvariantCulture),
                    version.BundleHash[..Math.Min(12, version.BundleHash.Length)],
                    TextTable.Time(version.CreatedAt));
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
