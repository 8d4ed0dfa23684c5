using System.Globalization;
using System.Text.Json;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Ml.Validation;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Triggers;

/// <summary>Decides whether a model's automatic conditions call for a run (SPEC §5.9): live accuracy of the production
/// version below its bound, serving traffic that drifted from the last training data beyond the curated schema's
/// thresholds, or enough newly labeled examples since the last run. Every condition that holds is stored in the run's
/// reason (the trigger is the first in that order); the per-model gates (<see cref="TriggerGates"/>: cadence, cooldown,
/// new labels for a drift run) are checked first. (Cron schedules are Hangfire recurring jobs, see <see cref="ScheduledRunJob"/>.)</summary>
public sealed class TriggerEvaluator(FeedbackDbContext db, LabeledExampleReader examples, LabelStatistics statistics, ModelVersionRegistry versions, RunLauncher launcher, TriggerCadence cadence, IOptions<PipelineOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<RunLaunch>> EvaluateAllAsync(CancellationToken cancellationToken)
    {
        var launched = new List<RunLaunch>();
        foreach (var model in await db.Models.AsNoTracking().OrderBy(m => m.Id).ToListAsync(cancellationToken))
        {
            if (await EvaluateAsync(model, cancellationToken) is { } launch)
            {
                launched.Add(launch);
            }
        }

        return launched;
    }

    public async Task<RunLaunch?> EvaluateAsync(RegisteredModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var definition = ModelDefinitionReader.FromStored(model.Definition);
        var triggers = definition.Triggers;
        var gates = triggers.Gates;
        if (!triggers.HasAutomaticConditions || await db.PipelineRuns.AnyAsync(r => r.ActiveModelId == model.Id, cancellationToken)
            || !cadence.TryStart(model.Id, gates.Cadence))
        {
            return null;
        }

        var last = await db.PipelineRuns.AsNoTracking().Where(r => r.ModelId == model.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (gates.Cooldown is { } cooldown && last is not null && time.GetUtcNow() - last.CreatedAt < cooldown)
        {
            return null;
        }

        var since = last?.CreatedAt ?? DateTimeOffset.MinValue;
        var fresh = await examples.CountLabeledSinceAsync(model.Id, since, cancellationToken);
        var sinceWhat = last is null ? "the model was created" : $"run {last.Number}";
        var reasons = new List<(RunTrigger Trigger, string Reason)>();
        if (triggers.MinLiveAccuracy is { } bound && await versions.AliasVersionAsync(model.Id, "production", cancellationToken) is { } production)
        {
            var window = time.GetUtcNow() - definition.Pipeline.ServingWindow;
            var live = (await statistics.LiveAccuracyAsync(model.Id, window > since ? window : since, cancellationToken)).FirstOrDefault(a => a.ModelVersion == production);
            if (live is { Accuracy: { } accuracy } && live.Examples >= triggers.MinLiveExamples && accuracy < bound)
            {
                reasons.Add((RunTrigger.LiveAccuracy, string.Create(CultureInfo.InvariantCulture, $"live accuracy of version {production} is {accuracy:0.####} on {live.Examples} labeled predictions, below {bound}")));
            }
        }

        if (triggers.DriftAlarm && await DriftAsync(model, definition, cancellationToken) is { } drift)
        {
            reasons.Add((RunTrigger.Drift, drift));
        }

        // Retraining on the labels the last run already had cannot fix a drift: such a run waits for new ones.
        if (gates.MinNewLabelsForDrift is { } floor && fresh < floor)
        {
            reasons.RemoveAll(r => r.Trigger is RunTrigger.Drift or RunTrigger.LiveAccuracy);
        }

        if (triggers.NewLabels is { } needed && fresh >= needed)
        {
            reasons.Add((RunTrigger.NewLabels, $"{fresh} examples labeled since {sinceWhat} (threshold {needed})"));
        }

        if (reasons.Count == 0)
        {
            return null;
        }

        var reason = string.Join("; ", reasons.Select(r => $"{JsonNamingPolicy.CamelCase.ConvertName(r.Trigger.ToString())}: {r.Reason}"));
        if (reasons.Any(r => r.Trigger != RunTrigger.NewLabels))
        {
            reason += $" ({fresh} examples labeled since {sinceWhat})";
        }

        return await launcher.StartAsync(model, reasons[0].Trigger, reason, false, "trigger", cancellationToken);
    }

    /// <summary>Compares recent serving traffic with the training split of the last successful run, on the features
    /// that have a threshold in that run's schema; returns the reason when any distance exceeds its threshold.</summary>
    private async Task<string?> DriftAsync(RegisteredModel model, ModelDefinition definition, CancellationToken cancellationToken)
    {
        var lastGood = await db.PipelineRuns.AsNoTracking().Where(r => r.ModelId == model.Id && r.Status == RunStatus.Succeeded).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (lastGood is null)
        {
            return null;
        }

        var artifacts = await db.RunArtifacts.AsNoTracking()
            .Where(a => a.RunId == lastGood.Id && (a.Kind == ArtifactKinds.Schema || a.Kind == ArtifactKinds.Statistics))
            .Join(db.ArtifactBlobs, a => a.Hash, b => b.Hash, (a, b) => new { a.Kind, b.Content })
            .ToListAsync(cancellationToken);
        if (artifacts.Count < 2)
        {
            return null;
        }

        var schema = ValidationJson.Deserialize<DataSchema>(System.Text.Encoding.UTF8.GetString(artifacts.First(a => a.Kind == ArtifactKinds.Schema).Content));
        var training = ValidationJson.Deserialize<PipelineStatistics>(System.Text.Encoding.UTF8.GetString(artifacts.First(a => a.Kind == ArtifactKinds.Statistics).Content));
        if (schema.SkewThresholds().Count == 0)
        {
            return null;
        }

        // The current traffic (the serving window), not only what arrived since the run: drift is about what the
        // model sees now, whether or not it was already seen at the last run.
        var from = time.GetUtcNow() - definition.Pipeline.ServingWindow;
        var inputs = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelId == model.Id && p.ServedAt >= from)
            .OrderByDescending(p => p.Id)
            .Take(options.Value.ServingSampleSize)
            .Select(p => p.Inputs)
            .ToListAsync(cancellationToken);
        if (inputs.Count < definition.Triggers.MinLiveExamples)
        {
            return null;
        }

        var serving = new StatisticsGenerator().Compute(definition.Features, null, inputs.Select(i => (IReadOnlyDictionary<string, object?>)FeatureValueJson.Read(i)).ToList(), "serving", cancellationToken);
        var report = new DriftDetector().CompareSkew(schema, training.Train, serving);
        var exceeded = report.Features.Where(f => f.Exceeded).ToList();
        return exceeded.Count == 0
            ? null
            : $"serving traffic drifted from run {lastGood.Number}'s training data on {inputs.Count} recent predictions: "
              + string.Join("; ", exceeded.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature} {f.Measure} {f.Distance:0.###} > {f.Threshold}")));
    }
}
