using System.Diagnostics;
using System.Globalization;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Ml.Bundles;
using Feedback.Ml.MlNet;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;
using Feedback.Ml.Training.Trees;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Steps;

/// <summary>Trains the candidate (SPEC §5.6): warm-started from the run's baseline (the production version when the
/// run began) when its parameters map onto the new transform, otherwise from zero with the reason recorded.
/// Progress is published per iteration; cancellation is honoured inside training.</summary>
public sealed class TrainerStep : IPipelineStep
{
    public const string MediaType = "application/x-feedback-model";

    public string Name => PipelineStepNames.Trainer;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [await context.RequireAsync(ArtifactKinds.Snapshot, cancellationToken), await context.RequireAsync(ArtifactKinds.Transform, cancellationToken)];
    }

    public string? CacheKey(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pipeline = context.Definition.Pipeline;
        return string.Join('|',
            ModelDefinitionValidator.DescribeTrainer(pipeline),
            string.Join(',', pipeline.HyperParameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}")),
            context.Run.ColdStart ? "cold" : "warm",
            context.Run.BaselineVersion?.ToString(CultureInfo.InvariantCulture) ?? "none",
            TreeWarmStart.PolicyReason(pipeline.WarmStart, context.Run.Trigger) is null ? "policy-warm" : "policy-cold",
            $"{pipeline.WarmStart.MaxParentRounds}/{pipeline.WarmStart.ParentShrinkage.ToString(CultureInfo.InvariantCulture)}");
    }

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var definition = context.Definition;
        var snapshot = await context.ReadAsync(inputs[0], Snapshot.FromBytes, cancellationToken);
        var transform = await context.ReadAsync(inputs[1], bytes => TransformStep.Load(bytes, definition.Features), cancellationToken);
        var train = snapshot.ToTable(Snapshot.Train, definition);
        var set = train.ToTrainingSet(transform.Apply(train, cancellationToken));

        var parent = await BaselineAsync(context, cancellationToken);
        string? coldReason = context.Run.ColdStart ? "cold start requested" : parent is null ? "no production version to start from" : null;
        coldReason ??= TreeWarmStart.PolicyReason(definition.Pipeline.WarmStart, context.Run.Trigger);
        var frozen = false;
        int? parentRounds = null;
        var progress = new ThrottledProgress(context);
        var watch = Stopwatch.StartNew();
        IPredictor predictor;
        int iterations;
        var hyper = definition.Pipeline.HyperParameters;
        var trainerName = ModelDefinitionValidator.FormatTrainer(definition.Pipeline.Trainer);
        if (definition.Pipeline.MlNet is { } mlNet)
        {
            // ML.NET trains on the same fitted transform's output, so serving applies the transform fitted here.
            var trainer = new MlNetTrainer(mlNet);
            if (coldReason is null && trainer.WarmStartProblem(parent!.Predictor, set) is { } problem)
            {
                coldReason = problem;
            }

            var result = await Task.Run(() => trainer.Train(set, coldReason is null ? parent!.Predictor : null, progress, cancellationToken), cancellationToken);
            predictor = result.Predictor;
            iterations = result.Iterations;
            trainerName = trainer.Name;
            hyper = mlNet.Options;
        }
        else if (definition.Pipeline.Trainer == TrainerKind.LogisticRegression)
        {
            var trainer = new LogisticRegressionTrainer(LinearOptions(hyper));
            if (coldReason is null && WarmStartCompatibility.Check(parent!.Predictor, set, parentClasses: parent.Metadata.LabelClasses, trainClasses: definition.LabelClasses) is { IsCompatible: false } check)
            {
                coldReason = check.Reason;
            }

            var result = await Task.Run(() => trainer.Train(set, null, coldReason is null ? parent!.Predictor : null, progress, cancellationToken), cancellationToken);
            predictor = result.Predictor;
            iterations = result.Iterations;
        }
        else
        {
            var trainer = new GradientBoostedTreesTrainer(TreeOptions(hyper));
            if (coldReason is null && parent!.Predictor is not TreeEnsemblePredictor)
            {
                coldReason = $"the production version was trained by {parent.Metadata.TrainerName}, not boosted trees";
            }
            else if (coldReason is null)
            {
                coldReason = TreeWarmStart.FrozenTransformMismatch(parent!.Transform, transform, definition.Features);
            }

            TreeEnsemblePredictor? start = null;
            if (coldReason is null)
            {
                // Kept trees see exactly the columns they were trained on: the parent's transform, frozen.
                var frozenSet = train.ToTrainingSet(parent!.Transform.Apply(train, cancellationToken));
                var policy = definition.Pipeline.WarmStart;
                var kept = ((TreeEnsemblePredictor)parent.Predictor).Shrink(policy.MaxParentRounds, policy.ParentShrinkage);
                if (GradientBoostedTreesTrainer.CheckWarmStart(frozenSet, kept) is { IsCompatible: false } check)
                {
                    coldReason = check.Reason;
                }
                else
                {
                    (start, set, transform, frozen, parentRounds) = (kept, frozenSet, parent.Transform, true, kept.RoundCount);
                }
            }

            predictor = await Task.Run(() => start is not null
                ? trainer.Fit(set, start, progress, cancellationToken)
                : trainer.Fit(set, progress, cancellationToken), cancellationToken);
            iterations = progress.LastIteration;
        }

        var warm = coldReason is null;
        var bundle = new ModelBundle(transform, predictor, new ModelMetadata
        {
            TrainerName = trainerName,
            HyperParameters = hyper.ToDictionary(p => p.Key, p => p.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal),
            TrainingRows = set.RowCount,
            DataHash = inputs[0].Hash,
            ParentModelId = warm ? $"{context.Model.Name}@{context.Run.BaselineVersion}" : null,
            CreatedAt = context.Time.GetUtcNow(),
            LabelClasses = definition.LabelClasses,
        });
        using var buffer = new MemoryStream();
        bundle.Save(buffer);
        context.Remember(await context.WriteAsync(ArtifactKinds.Model, MediaType, buffer.ToArray(), cancellationToken), bundle);
        await context.LogAsync(warm
            ? $"Warm-started from version {context.Run.BaselineVersion}: {iterations} iterations in {watch.Elapsed.TotalSeconds:F2} s."
            : $"Cold start ({coldReason}): {iterations} iterations in {watch.Elapsed.TotalSeconds:F2} s.");
        return StepResult.Continue(new
        {
            trainer = bundle.Metadata.TrainerName,
            warmStart = warm,
            parentVersion = warm ? context.Run.BaselineVersion : null,
            coldStartReason = coldReason,
            frozenTransform = frozen,
            keptParentRounds = parentRounds,
            iterations,
            finalLoss = progress.LastLoss,
            trainingRows = set.RowCount,
            columns = transform.ColumnCount,
            seconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
        });
    }

    /// <summary>The bundle of the run's baseline version, or null on a model's first run.</summary>
    public static async Task<ModelBundle?> BaselineAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Run.BaselineVersion is not { } version)
        {
            return null;
        }

        var registry = context.Services.GetRequiredService<ModelVersionRegistry>();
        var bytes = await registry.BundleAsync(context.Model.Id, version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {version} of '{context.Model.Name}' has no bundle.");
        using var stream = new MemoryStream(bytes);
        return ModelBundle.Load(stream);
    }

    /// <summary>The definition's hyper-parameters (validated with it: <c>l2</c> and <c>C</c> never both) as trainer options.</summary>
    internal static LogisticRegressionOptions LinearOptions(IReadOnlyDictionary<string, double> hyper)
    {
        var defaults = new LogisticRegressionOptions();
        var maxIterations = hyper.TryGetValue("maxIterations", out var iterations) ? (int)iterations : defaults.MaxIterations;
        var tolerance = hyper.TryGetValue("tolerance", out var tol) ? tol : defaults.GradientTolerance;
        if (hyper.TryGetValue("C", out var c))
        {
            return new LogisticRegressionOptions { C = c, MaxIterations = maxIterations, GradientTolerance = tolerance };
        }

        return new LogisticRegressionOptions { L2 = hyper.TryGetValue("l2", out var l2) ? l2 : defaults.L2, MaxIterations = maxIterations, GradientTolerance = tolerance };
    }

    private static GradientBoostedTreesOptions TreeOptions(IReadOnlyDictionary<string, double> hyper)
    {
        var defaults = new GradientBoostedTreesOptions();
        double Get(string name, double fallback) => hyper.TryGetValue(name, out var value) ? value : fallback;
        return new GradientBoostedTreesOptions
        {
            Rounds = (int)Get("rounds", defaults.Rounds),
            LearningRate = Get("learningRate", defaults.LearningRate),
            MaxLeaves = (int)Get("maxLeaves", defaults.MaxLeaves),
            MaxDepth = hyper.TryGetValue("maxDepth", out var depth) ? (int)depth : defaults.MaxDepth,
            MinExamplesPerLeaf = (int)Get("minExamplesPerLeaf", defaults.MinExamplesPerLeaf),
            MaxBins = (int)Get("maxBins", defaults.MaxBins),
            RowSubsample = Get("rowSubsample", defaults.RowSubsample),
            FeatureSubsample = Get("featureSubsample", defaults.FeatureSubsample),
            Seed = (int)Get("seed", defaults.Seed),
        };
    }

    // One event per iteration would flood a browser on a 1,000-round boosting run; at most ten per second get through.
    private sealed class ThrottledProgress(StepContext context) : IProgress<TrainingProgress>
    {
        private long _lastTicks;

        public int LastIteration { get; private set; }

        public double? LastLoss { get; private set; }

        public void Report(TrainingProgress value)
        {
            LastIteration = value.Iteration;
            LastLoss = value.TrainingLoss;
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastTicks), now) >= TimeSpan.FromMilliseconds(100) || value.Iteration <= 1)
            {
                Interlocked.Exchange(ref _lastTicks, now);
                context.ReportProgress(value.Iteration, value.TrainingLoss, value.ValidationLoss);
            }
        }
    }
}
