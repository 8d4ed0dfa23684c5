using System.Globalization;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Triggers;

/// <summary>Decides whether a model's automatic conditions call for a run (SPEC §5.9): enough newly labeled
/// examples since the last run, or live accuracy of the production version below its bound. The reason, with the
/// measurement, is stored on the run. (Cron schedules are Quartz cron triggers, see <see cref="ScheduledRunJob"/>.)</summary>
public sealed class TriggerEvaluator(FeedbackDbContext db, LabeledExampleReader examples, LabelStatistics statistics, ModelVersionRegistry versions, RunLauncher launcher, TimeProvider time)
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
        if (!triggers.HasAutomaticConditions || await db.PipelineRuns.AnyAsync(r => r.ActiveModelId == model.Id, cancellationToken))
        {
            return null;
        }

        var last = await db.PipelineRuns.AsNoTracking().Where(r => r.ModelId == model.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        var since = last?.CreatedAt ?? DateTimeOffset.MinValue;
        if (triggers.NewLabels is { } needed)
        {
            var fresh = await examples.CountLabeledSinceAsync(model.Id, since, cancellationToken);
            if (fresh >= needed)
            {
                return await launcher.StartAsync(model, RunTrigger.NewLabels, $"{fresh} examples labeled since {(last is null ? "the model was created" : $"run {last.Number}")} (threshold {needed})", false, "trigger", cancellationToken);
            }
        }

        if (triggers.MinLiveAccuracy is { } bound && await versions.AliasVersionAsync(model.Id, "production", cancellationToken) is { } production)
        {
            var window = time.GetUtcNow() - definition.Pipeline.ServingWindow;
            var live = (await statistics.LiveAccuracyAsync(model.Id, window > since ? window : since, cancellationToken)).FirstOrDefault(a => a.ModelVersion == production);
            if (live is { Accuracy: { } accuracy } && live.Examples >= triggers.MinLiveExamples && accuracy < bound)
            {
                return await launcher.StartAsync(model, RunTrigger.LiveAccuracy,
                    string.Create(CultureInfo.InvariantCulture, $"live accuracy of version {production} is {accuracy:0.####} on {live.Examples} labeled predictions, below {bound}"),
                    false, "trigger", cancellationToken);
            }
        }

        return null;
    }
}
