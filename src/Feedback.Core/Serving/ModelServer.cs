using System.Globalization;
using System.Text.Json;
using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Serving;

/// <summary>Online serving: scores instances with the version the <c>production</c> alias points at, and records every
/// prediction in the registry before answering.</summary>
/// <remarks>
/// <para>The alias comes from this node's <see cref="AliasCache"/> (no database read per request): a push or a rollback
/// takes effect on the node that made it at once and on every other node within <see cref="ServingOptions.AliasStaleness"/>.
/// The whole request is then served by the version it read, even if the alias moves while it runs. The version's
/// bundle comes from this node's <see cref="BundleCache"/>.</para>
/// <para>The predictions are recorded through the <see cref="PredictionCommitter"/> (group commit): the answer goes out
/// only once they are committed.</para>
/// <para>Requests are all-or-nothing like prediction logging: every instance is validated first, with the same rules
/// and field names (<c>instances[2].amount</c>), and nothing is stored unless every instance was scored.</para>
/// </remarks>
public sealed class ModelServer(
    ModelDefinitionCache models,
    AliasCache aliases,
    BundleCache bundles,
    PredictionCommitter committer,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    IngestionMetrics metrics)
{
    /// <summary>Scores the request's instances and records them.</summary>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    /// <exception cref="AccessDeniedException">The caller may not use the model.</exception>
    /// <exception cref="InvalidInputException">An instance, the subject or the context is invalid (nothing is stored).</exception>
    /// <exception cref="PayloadTooLargeException">More instances than <see cref="IngestionOptions.MaxBatchSize"/>.</exception>
    /// <exception cref="ConflictException">The model has no <c>production</c> version yet.</exception>
    /// <exception cref="ServiceBusyException">The group commit's queue is full (nothing is stored).</exception>
    public async Task<PredictResponse> PredictAsync(string modelName, PredictRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var model = await models.FindAsync(modelName, cancellationToken)
            ?? throw new NotFoundException($"Model '{modelName}' does not exist.");
        caller.EnsureCanAccess(modelName);

        var instances = request.Instances;
        if (instances is null || instances.Count == 0)
        {
            throw new InvalidInputException("instances", "at least one instance is required");
        }

        var maxBatch = options.Value.MaxBatchSize;
        if (instances.Count > maxBatch)
        {
            throw new PayloadTooLargeException("instances", $"instances: {instances.Count} exceed the limit of {maxBatch} per request; split the batch");
        }

        var errors = new FieldErrors();
        if (request.Subject is { Length: > FeedbackLimits.MaxIdLength })
        {
            errors.Add("subject", $"must be at most {FeedbackLimits.MaxIdLength} characters");
        }

        if (request.Context is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors.Add("context", "must be an object");
        }

        var definition = model.Definition;
        var inputs = new string?[instances.Count];
        for (var i = 0; i < instances.Count && !errors.IsFull; i++)
        {
            inputs[i] = FeatureValueValidator.Validate(instances[i], definition.Features, $"instances[{i}]", errors);
        }

        errors.ThrowIfAny();

        // Read once: this request is served by this version from here on.
        if (await aliases.VersionAsync(model.Id, ModelVersionRegistry.Production, cancellationToken) is not { } version)
        {
            return definition.Fallback is { } fallback
                ? await ServeFallbackAsync(model, modelName, fallback, request.Subject, inputs, cancellationToken)
                : throw new ConflictException("model", NoVersionYet(modelName));
        }

        var bundle = await bundles.GetAsync(model.Id, version, cancellationToken);
        var classes = bundle.Metadata.LabelClasses.Count == bundle.Predictor.OutputCount ? bundle.Metadata.LabelClasses : definition.LabelClasses;

        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var rows = new Prediction[instances.Count];
        var served = new ServedPrediction[instances.Count];
        var output = new double[bundle.Predictor.OutputCount];
        for (var i = 0; i < instances.Count; i++)
        {
            if (!Score(bundle, instances[i]!.Value, output, $"instances[{i}]", errors))
            {
                continue;
            }

            var trackingId = TrackingIds.New(timeProvider);
            var exploration = ExplorationSampler.IsExploration(trackingId, definition.ExplorationShare);
            string label;
            string? scoresJson = null;
            if (definition.IsClassifier)
            {
                var scores = new Dictionary<string, double>(classes.Count, StringComparer.Ordinal);
                var best = 0;
                for (var k = 0; k < output.Length; k++)
                {
                    scores[classes[k]] = output[k];
                    best = output[k] > output[best] ? k : best;
                }

                label = classes[best];
                scoresJson = JsonSerializer.Serialize(scores, FeedbackScoresJsonContext.Default.DictionaryStringDouble);
                served[i] = new ServedPrediction(trackingId, label, scores, null, exploration);
            }
            else
            {
                label = output[0].ToString("R", CultureInfo.InvariantCulture);
                served[i] = new ServedPrediction(trackingId, null, null, output[0], exploration);
            }

            rows[i] = new Prediction
            {
                TrackingId = trackingId,
                ModelId = model.Id,
                ModelVersion = version,
                Inputs = inputs[i]!,
                OutputLabel = label,
                OutputScores = scoresJson,
                Subject = request.Subject,
                Exploration = exploration,
                Origin = PredictionOrigin.Served,
                ServedAt = now,
                ReceivedAt = now,
                ExpiresAt = now + definition.Retention,
                ContentHash = new ContentHash()
                    .Add(inputs[i]).Add(label).Add(scoresJson).Add((long)version).Add(request.Subject).Add(exploration).Add(now).Compute(),
            };
        }

        errors.ThrowIfAny();
        await committer.CommitAsync(rows, cancellationToken);

        metrics.PredictionsRecorded(modelName, rows.Length, 0);
        return new PredictResponse(modelName, version, served);
    }

    /// <summary>The 409 before a first version, naming the API steps that produce one.</summary>
    public static string NoVersionYet(string modelName) =>
        $"Model '{modelName}' has no production version yet. Bootstrap one through the API: log labelled history with "
        + $"POST /api/v1/models/{modelName}/predictions (inputs and servedAt) and its labels as corrections with POST /api/v1/feedback, "
        + $"join them with POST /api/v1/models/{modelName}/labels:join, then start a run with POST /api/v1/models/{modelName}/runs, "
        + "which trains, evaluates and pushes version 1. Or declare a \"fallback\" in the definition (PUT /api/v1/models/"
        + $"{modelName}) to answer with a constant until then.";

    /// <summary>Answers with the declared fallback and records the predictions without a version, so their feedback
    /// becomes the labels the first version is trained on.</summary>
    private async Task<PredictResponse> ServeFallbackAsync(ModelSnapshot model, string modelName, ServingFallback fallback, string? subject, string?[] inputs, CancellationToken cancellationToken)
    {
        var definition = model.Definition;
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var label = fallback.Label ?? fallback.Value!.Value.ToString("R", CultureInfo.InvariantCulture);
        var rows = new Prediction[inputs.Length];
        var served = new ServedPrediction[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            var trackingId = TrackingIds.New(timeProvider);
            var exploration = ExplorationSampler.IsExploration(trackingId, definition.ExplorationShare);
            served[i] = new ServedPrediction(trackingId, fallback.Label, null, fallback.Value, exploration);
            rows[i] = new Prediction
            {
                TrackingId = trackingId,
                ModelId = model.Id,
                ModelVersion = null,
                VersionTag = "fallback",
                Inputs = inputs[i]!,
                OutputLabel = label,
                Subject = subject,
                Exploration = exploration,
                Origin = PredictionOrigin.Served,
                ServedAt = now,
                ReceivedAt = now,
                ExpiresAt = now + definition.Retention,
                ContentHash = new ContentHash().Add(inputs[i]).Add(label).Add("fallback").Add(subject).Add(exploration).Add(now).Compute(),
            };
        }

        await committer.CommitAsync(rows, cancellationToken);

        metrics.PredictionsRecorded(modelName, rows.Length, 0);
        return new PredictResponse(modelName, null, served) { Fallback = true };
    }

    /// <summary>Runs the bundle on one validated instance. The bundle checks types again with its own schema, which can
    /// be older than the definition's; a mismatch is the caller's to fix, so it is a field error, not a 500.</summary>
    private static bool Score(ModelBundle bundle, JsonElement instance, double[] output, string path, FieldErrors errors)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in instance.EnumerateObject())
        {
            row[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        try
        {
            bundle.Predict(row, output);
            return true;
        }
        catch (TabularDataException exception)
        {
            errors.Add(exception.Column is null ? path : $"{path}.{exception.Column}", exception.Message);
            return false;
        }
    }
}
