using System.Text;
using Feedback.Core.Models;

namespace Feedback.Cli.Commands;

/// <summary><c>model create -f model.yaml</c> and <c>model update -f model.yaml</c>: model definitions from a JSON or
/// YAML file (by extension), with the same validation as <c>POST/PUT /api/v1/models</c>.</summary>
internal static class ModelCommands
{
    private const string Actor = "cli";

    public static Command Create(CliEnvironment environment)
    {
        var createFile = FileOption();
        var create = new Command("create", "Create a model from a definition file; prints its revision.") { createFile };
        create.SetBody(environment, async (context, cancellationToken) =>
        {
            var document = await ReadAsync(environment, context.Value(createFile)!, cancellationToken);
            var services = await context.ServicesAsync(cancellationToken);
            var model = await services.GetRequiredService<ModelCatalog>().CreateAsync(document, Actor, cancellationToken);
            await context.Output.WriteLineAsync($"Created model '{model.Name}' ({model.TaskType}) at revision {model.Revision}.");
            var defaults = BehaviourDefaults.Describe(document, ModelDefinitionValidator.Validate(document));
            if (defaults.Count > 0)
            {
                await context.Output.WriteLineAsync("Defaults that apply (set them in the definition to change them; README: Model definition reference):");
                foreach (var line in defaults)
                {
                    await context.Output.WriteLineAsync($"  {line}");
                }
            }

            return ExitCodes.Ok;
        });

        var updateFile = FileOption();
        var ifRevision = new Option<int?>("--if-revision") { Description = "Update only if the current revision is this one (guards against lost updates)." };
        var update = new Command("update", "Replace a model's definition; a real change appends a revision, which is printed.") { updateFile, ifRevision };
        update.SetBody(environment, async (context, cancellationToken) =>
        {
            var document = await ReadAsync(environment, context.Value(updateFile)!, cancellationToken);
            var name = document.Name ?? throw new UsageException("name", "the definition file must name the model it updates");
            var services = await context.ServicesAsync(cancellationToken);
            var (model, changed) = await services.GetRequiredService<ModelCatalog>().UpdateAsync(name, document, context.Value(ifRevision), Actor, cancellationToken);
            await context.Output.WriteLineAsync(changed
                ? $"Updated model '{model.Name}': revision {model.Revision}."
                : $"Model '{model.Name}' is unchanged: revision {model.Revision}.");
            return ExitCodes.Ok;
        });

        return new Command("model", "Create or update model definitions (JSON or YAML).") { create, update };
    }

    private static Option<string> FileOption() =>
        new("--file", "-f") { Description = "The definition: a .json, .yaml or .yml file.", Required = true };

    private static async Task<ModelDefinitionDocument> ReadAsync(CliEnvironment environment, string file, CancellationToken cancellationToken)
    {
        var path = environment.Resolve(file);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".json" or ".yaml" or ".yml"))
        {
            throw new UsageException("--file", $"'{file}' must end in .json, .yaml or .yml (the extension says how to read it)");
        }

        if (!File.Exists(path))
        {
            throw new UsageException("--file", $"'{file}' does not exist");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var content = bytes.AsSpan();
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[Encoding.UTF8.Preamble.Length..];
        }

        return extension == ".json"
            ? ModelDefinitionReader.FromJson(content)
            : ModelDefinitionReader.FromYaml(Encoding.UTF8.GetString(content));
    }
}
