using System.Text;
using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Steps;

/// <summary>Registers the blessed, approved candidate as the next version, optionally exports it to
/// <c>{exportDirectory}/models/{name}/{version}/</c> (written to a temporary directory and renamed, so readers never
/// see half a model), moves <c>production</c> to it atomically, and writes a push record (SPEC §5.9). Safe to retry: a version is
/// registered once per run.</summary>
public sealed class PusherStep : IPipelineStep
{
    public const string ProductionAlias = "production";

    public string Name => PipelineStepNames.Pusher;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [
            await context.RequireAsync(ArtifactKinds.Model, cancellationToken),
            await context.RequireAsync(ArtifactKinds.Blessing, cancellationToken),
            await context.RequireAsync(ArtifactKinds.Snapshot, cancellationToken),
            await context.RequireAsync(ArtifactKinds.Evaluation, cancellationToken),
        ];
    }

    public string? CacheKey(StepContext context) => null;

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        // The registry clears its context's change tracker; its own scope keeps the run's tracked state intact.
        await using var scope = context.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
        var db = context.Services.GetRequiredService<FeedbackDbContext>();
        var bundle = await context.Artifacts.ContentAsync(inputs[0], cancellationToken);
        var trainerSummary = db.RunSteps.Where(s => s.RunId == context.Run.Id && s.Name == PipelineStepNames.Trainer).Select(s => s.Summary).FirstOrDefault();
        var warm = trainerSummary is not null && JsonDocument.Parse(trainerSummary).RootElement.TryGetProperty("warmStart", out var w) && w.GetBoolean();

        if (context.Run.ProducedVersion is null)
        {
            var metadata = JsonSerializer.Serialize(new
            {
                runId = context.Run.Id,
                run = context.Run.Number,
                snapshot = new { id = inputs[2].Id, hash = inputs[2].Hash },
                evaluationArtifactId = inputs[3].Id,
                modelArtifactId = inputs[0].Id,
                warmStart = warm,
                trainer = trainerSummary is null ? (JsonElement?)null : JsonDocument.Parse(trainerSummary).RootElement,
            }, JsonSerializerOptions.Web);
            var registered = await registry.RegisterAsync(context.Model.Id, context.Run.DefinitionRevision, warm ? context.Run.BaselineVersion : null, bundle, metadata, cancellationToken);
            context.Run.ProducedVersion = registered.Version;
            await db.SaveChangesAsync(cancellationToken);
        }

        // Export before the alias moves: a failed export must leave production where it was.
        var version = context.Run.ProducedVersion.Value;
        string? exported = null;
        if (context.Definition.Pipeline.ExportDirectory is { } root)
        {
            exported = Export(root, context.Model.Name, version, bundle, inputs[0].Hash);
        }

        var move = await registry.MoveAliasAsync(context.Model.Name, ProductionAlias, version, $"run {context.Run.Number}", $"pushed by pipeline run {context.Run.Number} ({context.Run.Trigger})", cancellationToken);

        var record = new { model = context.Model.Name, version, alias = ProductionAlias, previousVersion = move.PreviousVersion, bundleHash = inputs[0].Hash, exported, pushedAt = move.MovedAt };
        await context.WriteAsync(ArtifactKinds.Push, "application/json", JsonSerializer.SerializeToUtf8Bytes(record, JsonSerializerOptions.Web), cancellationToken);
        await context.LogAsync($"Version {version} is now production (was {move.PreviousVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        return StepResult.Continue(record);
    }

    /// <summary>Writes <c>models/{name}/{version}/</c> atomically: into a sibling temporary directory, then one rename.</summary>
    public static string Export(string root, string model, int version, byte[] bundle, string hash)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var parent = Path.Combine(root, "models", model);
        var target = Path.Combine(parent, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{version}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            File.WriteAllBytes(Path.Combine(temporary, "model.fbm"), bundle);
            File.WriteAllText(Path.Combine(temporary, "model.json"), JsonSerializer.Serialize(new { model, version, bundleHash = hash }, JsonSerializerOptions.Web), Encoding.UTF8);
            Directory.Move(temporary, target);
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }

        return target;
    }
}
