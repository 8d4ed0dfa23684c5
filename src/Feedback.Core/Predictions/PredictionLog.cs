using System.Text.Json;
using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Predictions;

public sealed record LoggedPrediction(string TrackingId, string Status);

public sealed record PredictionLogResult(string Model, IReadOnlyList<LoggedPrediction> Predictions);

/// <summary>Records predictions made by a model served elsewhere: validated against the model's schema, stored in
/// one all-or-nothing batch, idempotent on tracking ID.</summary>
public sealed class PredictionLog(
    ModelDefinitionCache models,
    IIngestionStore store,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    IngestionMetrics metrics)
{
    public const int MaxVersionTagLength = 64;

    public async Task<PredictionLogResult> LogAsync(string modelName, string? defaultVersion, IReadOnlyList<PredictionLogInput?>? rows, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var model = await models.FindAsync(modelName, cancellationToken)
            ?? throw new NotFoundException($"Model '{modelName}' does not exist.");
        caller.EnsureCanAccess(modelName);

        if (rows is null || rows.Count == 0)
        {
            throw new InvalidInputException("predictions", "at least one prediction is required");
        }

        var limits = options.Value;
        if (rows.Count > limits.MaxBatchSize)
        {
            throw new PayloadTooLargeException("predictions", $"predictions: {rows.Count} rows exceed the limit of {limits.MaxBatchSize} per request; split the batch");
        }

        var errors = new FieldErrors();
        if (defaultVersion is { Length: > MaxVersionTagLength })
        {
            errors.Add("version", $"must be at most {MaxVersionTagLength} characters");
        }

        var now = timeProvider.GetUtcNow();
        var built = new List<Prediction>(rows.Count);
        var firstIndexById = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count && !errors.IsFull; i++)
        {
            var row = Build(rows[i], $"predictions[{i}]", model, defaultVersion, now, limits, errors);
            if (row is null)
            {
                continue;
            }

            if (!firstIndexById.TryAdd(row.TrackingId, i))
            {
                errors.Add($"predictions[{i}].trackingId", $"'{row.TrackingId}' also appears at predictions[{firstIndexById[row.TrackingId]}]");
            }

            built.Add(row);
        }

        errors.ThrowIfAny();
        var outcome = await store.InsertPredictionsAsync(built, cancellationToken);
        if (!outcome.Committed)
        {
            var index = Array.IndexOf(outcome.Rows, RowOutcome.Conflict);
            throw new ConflictException($"predictions[{index}].trackingId",
                $"Tracking ID '{built[index].TrackingId}' is already recorded with different content or for another model; nothing from this request was stored.");
        }

        var results = new LoggedPrediction[built.Count];
        var created = 0;
        for (var i = 0; i < built.Count; i++)
        {
            var isCreated = outcome.Rows[i] == RowOutcome.Created;
            created += isCreated ? 1 : 0;
            results[i] = new LoggedPrediction(built[i].TrackingId, isCreated ? "created" : "duplicate");
        }

        metrics.PredictionsRecorded(modelName, created, built.Count - created);
        return new PredictionLogResult(modelName, results);
    }

    private Prediction? Build(PredictionLogInput? input, string path, ModelSnapshot model, string? defaultVersion, DateTimeOffset now, IngestionOptions limits, FieldErrors errors)
    {
        if (input is null)
        {
            errors.Add(path, "must be an object, not null");
            return null;
        }

        var before = errors.Count;
        var definition = model.Definition;
        if (input.TrackingId is not null && !TrackingIds.IsValid(input.TrackingId))
        {
            errors.Add($"{path}.trackingId", TrackingIds.Rule);
        }

        var inputs = FeatureValueValidator.Validate(input.Inputs, definition.Features, $"{path}.inputs", errors);
        var label = FeedbackEventValidator.ReadLabel(input.Outputs?.Label, $"{path}.outputs.label", errors, required: false);
        if (label is not null && definition.IsClassifier && !definition.HasClass(label))
        {
            errors.Add($"{path}.outputs.label", $"'{label}' is not a class of this model ({string.Join(", ", definition.LabelClasses)})");
        }
        else if (label is not null && !definition.IsClassifier && input.Outputs!.Label!.Value.ValueKind != JsonValueKind.Number)
        {
            errors.Add($"{path}.outputs.label", "must be a number for a regression model");
        }

        string? scores = null;
        if (input.Outputs?.Scores is { } scoreMap)
        {
            if (!definition.IsClassifier)
            {
                errors.Add($"{path}.outputs.scores", "apply only to classifiers");
            }

            foreach (var (name, score) in scoreMap)
            {
                if (definition.IsClassifier && !definition.HasClass(name))
                {
                    errors.Add($"{path}.outputs.scores.{name}", "is not a class of this model");
                }
                else if (!double.IsFinite(score) || score < 0 || score > 1)
                {
                    errors.Add($"{path}.outputs.scores.{name}", "must be a probability between 0 and 1");
                }
            }

            scores = JsonSerializer.Serialize(scoreMap, FeedbackScoresJsonContext.Default.DictionaryStringDouble);
        }

        var version = input.Version ?? defaultVersion;
        if (version is { Length: > MaxVersionTagLength })
        {
            errors.Add($"{path}.version", $"must be at most {MaxVersionTagLength} characters");
        }

        if (input.Subject is { Length: > FeedbackLimits.MaxIdLength })
        {
            errors.Add($"{path}.subject", $"must be at most {FeedbackLimits.MaxIdLength} characters");
        }

        if (input.ServedAt is { } servedAt && servedAt > now + limits.ClockSkewTolerance)
        {
            errors.Add($"{path}.servedAt", "is in the future");
        }

        if (errors.Count != before || errors.IsFull)
        {
            return null;
        }

        var served = Timestamps.Normalize(input.ServedAt ?? now);
        var exploration = input.Exploration ?? false;
        return new Prediction
        {
            TrackingId = input.TrackingId ?? TrackingIds.New(timeProvider),
            ModelId = model.Id,
            VersionTag = version,
            Inputs = inputs!,
            OutputLabel = label,
            OutputScores = scores,
            Subject = input.Subject,
            Exploration = exploration,
            Origin = PredictionOrigin.Logged,
            ServedAt = served,
            ReceivedAt = Timestamps.Normalize(now),
            ExpiresAt = served + definition.Retention,
            ContentHash = new ContentHash()
                .Add(inputs).Add(label).Add(scores).Add(version).Add(input.Subject).Add(exploration)
                .Add(input.ServedAt is null ? null : served).Compute(),
        };
    }
}
