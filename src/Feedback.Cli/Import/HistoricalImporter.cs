using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Ml.Schema;

namespace Feedback.Cli.Import;

/// <summary>An error in an import file: the line it is on and the column it names.</summary>
internal sealed record ImportError(long? Line, string Field, string Message)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>What an import did. Rows of rejected batches stored nothing.</summary>
internal sealed record ImportReport(
    long Rows, int PredictionsCreated, int PredictionsDuplicate, int OutcomesCreated, int OutcomesDuplicate,
    long RejectedRows, IReadOnlyList<(long First, long Last)> RejectedBatches, bool Conflicted)
{
    /// <summary>The columns (CSV) or fields (JSON lines) that were skipped.</summary>
    public IReadOnlyCollection<string> IgnoredColumns { get; init; } = [];
}

/// <summary>Imports historical predictions and their true labels from a file, in batches that go through the same
/// validation and all-or-nothing writes as the HTTP API (<see cref="PredictionLog"/>, <see cref="FeedbackRecorder"/>).
/// A true label becomes an <c>outcome</c> event with a stable event ID, so importing a file twice stores nothing new.</summary>
internal sealed partial class HistoricalImporter(PredictionLog predictions, FeedbackRecorder feedback, ModelDefinitionCache models, TimeProvider time)
{
    /// <summary>The idempotency namespace (<c>source</c>) of imported outcome events.</summary>
    public const string Source = "import";

    private static readonly Caller Importer = new("cli", Source, ApiKeyScopes.Admin, null);

    public async Task<ImportReport> ImportAsync(
        string modelName, string path, ImportColumns columns, ImportOverrides overrides, string? version, int batchSize, Func<ImportError, Task> report, CancellationToken cancellationToken)
    {
        var model = await models.FindAsync(modelName, cancellationToken) ?? throw new NotFoundException($"Model '{modelName}' does not exist.");
        var definition = model.Definition;
        if (overrides.IgnoreColumns.FirstOrDefault(c => definition.Features.IndexOf(c) >= 0) is { } feature)
        {
            throw new UsageException("--ignore-columns", $"'{feature}' is a feature of model '{modelName}'; a feature column cannot be ignored");
        }

        var reading = new ImportReading(definition.Import, overrides);
        var batch = new Batch(batchSize);
        long rows = 0;
        var totals = new Totals();
        foreach (var row in ImportSource.Read(path, definition, columns, reading))
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows++;
            batch.Add(row, Map(row, definition, columns, reading));
            if (batch.Count == batchSize)
            {
                await WriteAsync(modelName, version, batch, totals, report, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await WriteAsync(modelName, version, batch, totals, report, cancellationToken);
        }

        return new ImportReport(rows, totals.PredictionsCreated, totals.PredictionsDuplicate, totals.OutcomesCreated, totals.OutcomesDuplicate,
            totals.RejectedRows, totals.Rejected, totals.Conflicted)
        {
            IgnoredColumns = reading.Ignored,
        };
    }

    private async Task WriteAsync(string modelName, string? version, Batch batch, Totals totals, Func<ImportError, Task> report, CancellationToken cancellationToken)
    {
        if (batch.Errors.Count > 0)
        {
            foreach (var error in batch.Errors)
            {
                await report(error);
            }

            totals.Reject(batch);
            return;
        }

        PredictionLogResult logged;
        try
        {
            logged = await predictions.LogAsync(modelName, version, batch.Predictions, Importer, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidInputException or ConflictException or PayloadTooLargeException)
        {
            foreach (var error in Translate(exception, batch, "predictions"))
            {
                await report(error);
            }

            totals.Conflicted |= exception is ConflictException;
            totals.Reject(batch);
            return;
        }

        var created = logged.Predictions.Count(p => p.Status == "created");
        totals.PredictionsCreated += created;
        totals.PredictionsDuplicate += logged.Predictions.Count - created;
        if (batch.Events.Count == 0)
        {
            return;
        }

        try
        {
            var recorded = await feedback.RecordAsync(batch.Events, bareEvent: false, Importer, cancellationToken);
            totals.OutcomesCreated += recorded.Created;
            totals.OutcomesDuplicate += recorded.Duplicates;
        }
        catch (Exception exception) when (exception is InvalidInputException or ConflictException or PayloadTooLargeException)
        {
            // The labels were checked against the model before the predictions were written, so this is a replay of
            // an outcome with another label (a conflict): the batch's predictions are stored, its outcomes are not.
            foreach (var error in Translate(exception, batch, "events"))
            {
                await report(error with { Message = error.Message + " (this batch's predictions were stored; its outcomes were not)" });
            }

            totals.Conflicted |= exception is ConflictException;
        }
    }

    /// <summary>Turns the API's field paths (<c>predictions[3].inputs.x1</c>, <c>events[0].label</c>) into the file's
    /// line and column.</summary>
    private static IEnumerable<ImportError> Translate(Exception exception, Batch batch, string collection)
    {
        var fields = exception switch
        {
            InvalidInputException invalid => invalid.Errors.Select(e => (e.Key, string.Join("; ", e.Value))),
            ConflictException conflict => [(conflict.Field, conflict.Message)],
            PayloadTooLargeException tooLarge => [(tooLarge.Field, tooLarge.Message)],
            _ => [],
        };
        foreach (var (field, message) in fields)
        {
            var match = FieldPattern().Match(field);
            var text = IndexPattern().Replace(message, m => $"line {LineOf(batch, collection, m)}");
            if (!match.Success || match.Groups[1].Value != collection)
            {
                yield return new ImportError(null, field, text);
                continue;
            }

            var index = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var line = collection == "events" ? batch.EventLines[index] : batch.Lines[index];
            yield return new ImportError(line, Column(match.Groups[3].Value, collection, batch.Columns), text);
        }
    }

    private static string LineOf(Batch batch, string collection, Match match)
    {
        var index = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var lines = match.Groups[1].Value == "events" ? batch.EventLines : batch.Lines;
        return index < lines.Count ? lines[index].ToString(CultureInfo.InvariantCulture) : match.Value;
    }

    private static string Column(string path, string collection, ImportColumns? columns) => path switch
    {
        "" => "row",
        "trackingId" => columns?.TrackingId ?? path,
        "servedAt" or "occurredAt" => columns?.ServedAt ?? path,
        "outputs.label" => columns?.Label ?? path,
        "label" or "eventId" when collection == "events" => columns?.TrueLabel ?? path,
        _ when path.StartsWith("inputs.", StringComparison.Ordinal) => path["inputs.".Length..],
        _ => path,
    };

    /// <summary>One row as the API's inputs, or null with <paramref name="row"/>'s errors added to the batch.</summary>
    private Mapped Map(SourceRow row, ModelDefinition definition, ImportColumns columns, ImportReading reading)
    {
        var errors = new List<ImportError>();
        if (row.Error is not null)
        {
            errors.Add(new ImportError(row.Line, "row", row.Error));
            return new Mapped(null, null, errors, columns);
        }

        string? trackingId = null;
        DateTimeOffset? servedAt = null;
        JsonElement? label = null;
        JsonElement? trueLabel = null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var inputs = new Utf8JsonWriter(buffer))
        {
            inputs.WriteStartObject();
            foreach (var (name, value) in row.Cells)
            {
                if (name == columns.TrackingId)
                {
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        trackingId = value.GetString();
                    }
                    else
                    {
                        errors.Add(new ImportError(row.Line, name, "must be a string"));
                    }
                }
                else if (name == columns.ServedAt)
                {
                    if (value.ValueKind == JsonValueKind.String
                        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    {
                        servedAt = parsed;
                    }
                    else
                    {
                        errors.Add(new ImportError(row.Line, name, $"must be an ISO 8601 timestamp, e.g. 2026-11-02T09:30:00Z, was {value.GetRawText()}"));
                    }
                }
                else if (name == columns.Label)
                {
                    label = value;
                }
                else if (name == columns.TrueLabel)
                {
                    trueLabel = CheckTrueLabel(value, definition, row.Line, name, errors);
                }
                else
                {
                    inputs.WritePropertyName(name);
                    value.WriteTo(inputs);
                }
            }

            inputs.WriteEndObject();
        }

        // The registry checks the features again; checking here too reports every bad row of a batch, not only
        // those the first failing check reaches.
        var inputValues = JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
        var featureErrors = new FieldErrors();
        FeatureValueValidator.Validate(inputValues, definition.Features, "inputs", featureErrors);
        foreach (var (field, messages) in featureErrors.ToDictionary())
        {
            var column = Column(field, "predictions", columns);
            errors.Add(new ImportError(row.Line, column, string.Join("; ", messages) + Hint(column, messages, definition, inputValues, reading)));
        }

        if (errors.Count > 0)
        {
            return new Mapped(null, null, errors, columns);
        }

        // Generated here rather than by the registry: the outcome event needs the ID too.
        trackingId ??= TrackingIds.New(time);
        var prediction = new PredictionLogInput
        {
            TrackingId = trackingId,
            Inputs = inputValues,
            Outputs = label is null ? null : new PredictionOutputInput { Label = label },
            ServedAt = servedAt,
        };
        var outcome = trueLabel is null ? null : new FeedbackEventInput
        {
            EventId = OutcomeEventId(trackingId),
            TrackingId = trackingId,
            Kind = "outcome",
            Label = trueLabel,
            OccurredAt = servedAt,
        };
        return new Mapped(prediction, outcome, errors, columns);
    }

    /// <summary>What a person can do about a bad cell: name the missing-value tokens when text sits in a numeric or
    /// boolean column (perhaps a token this import does not know), or the options that skip an unknown field.</summary>
    private static string Hint(string column, IEnumerable<string> messages, ModelDefinition definition, JsonElement inputs, ImportReading reading)
    {
        if (!definition.Features.TryGet(column, out var feature))
        {
            return messages.Any(m => m.StartsWith("is not a feature", StringComparison.Ordinal)) ? $"; {ImportReading.Fix([column])}" : string.Empty;
        }

        return feature.Type is FeatureType.Numeric or FeatureType.Boolean
            && inputs.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String
            ? $" ({value.GetRawText()} is not a missing value either; missing values are: {reading.MissingValues}; change them with --missing-values or import.missingValues)"
            : string.Empty;
    }

    /// <summary>Checked before anything is written, so a bad label cannot leave a batch half stored.</summary>
    private static JsonElement? CheckTrueLabel(JsonElement value, ModelDefinition definition, long line, string column, List<ImportError> errors)
    {
        if (definition.IsClassifier)
        {
            if (value.ValueKind == JsonValueKind.String && definition.HasClass(value.GetString()!))
            {
                return value;
            }

            errors.Add(new ImportError(line, column, $"{value.GetRawText()} is not a class of model '{definition.Name}' ({string.Join(", ", definition.LabelClasses)})"));
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return value;
        }

        errors.Add(new ImportError(line, column, $"must be a finite number: model '{definition.Name}' is a regression model, was {value.GetRawText()}"));
        return null;
    }

    /// <summary>Stable per tracking ID: a re-import is a duplicate, a re-import with another label a conflict.</summary>
    internal static string OutcomeEventId(string trackingId)
    {
        var id = $"outcome:{trackingId}";
        return id.Length <= FeedbackLimits.MaxIdLength ? id : $"outcome:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trackingId)))}";
    }

    [GeneratedRegex(@"^(predictions|events)\[(\d+)\]\.?(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"(predictions|events)\[(\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex IndexPattern();

    private sealed record Mapped(PredictionLogInput? Prediction, FeedbackEventInput? Outcome, List<ImportError> Errors, ImportColumns Columns);

    private sealed class Batch(int capacity)
    {
        public List<PredictionLogInput?> Predictions { get; } = new(capacity);

        public List<FeedbackEventInput?> Events { get; } = [];

        public List<long> Lines { get; } = new(capacity);

        public List<long> EventLines { get; } = [];

        public List<ImportError> Errors { get; } = [];

        public ImportColumns? Columns { get; private set; }

        public int Count => Lines.Count;

        public void Add(SourceRow row, Mapped mapped)
        {
            Columns = mapped.Columns;
            Lines.Add(row.Line);
            Errors.AddRange(mapped.Errors);
            Predictions.Add(mapped.Prediction);
            if (mapped.Outcome is not null)
            {
                Events.Add(mapped.Outcome);
                EventLines.Add(row.Line);
            }
        }

        public void Clear()
        {
            Predictions.Clear();
            Events.Clear();
            Lines.Clear();
            EventLines.Clear();
            Errors.Clear();
        }
    }

    private sealed class Totals
    {
        public int PredictionsCreated { get; set; }

        public int PredictionsDuplicate { get; set; }

        public int OutcomesCreated { get; set; }

        public int OutcomesDuplicate { get; set; }

        public long RejectedRows { get; set; }

        public List<(long First, long Last)> Rejected { get; } = [];

        public bool Conflicted { get; set; }

        public void Reject(Batch batch)
        {
            RejectedRows += batch.Count;
            Rejected.Add((batch.Lines[0], batch.Lines[^1]));
        }
    }
}
