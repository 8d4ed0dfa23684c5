using Feedback.Cli.Import;
using Feedback.Core;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Ml.Data;
using Microsoft.Extensions.Options;

namespace Feedback.Cli.Commands;

/// <summary><c>import &lt;model&gt; -f file.csv|file.jsonl</c>: historical predictions and their true labels.</summary>
internal static class ImportCommand
{
    /// <summary>Errors printed before the rest are only counted, so a file that is wrong everywhere stays readable.</summary>
    private const int MaxPrintedErrors = 100;

    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model the predictions belong to." };
        var file = new Option<string>("--file", "-f") { Description = "A .csv file (header row) or a .jsonl file (one flat object per line).", Required = true };
        var labelColumn = new Option<string>("--label-column") { Description = "The column with the true label; it becomes an outcome feedback event.", DefaultValueFactory = _ => "trueLabel" };
        var idColumn = new Option<string>("--id-column") { Description = "The column with the tracking ID (generated when empty).", DefaultValueFactory = _ => "trackingId" };
        var predictedColumn = new Option<string>("--predicted-column") { Description = "The column with the label the model predicted.", DefaultValueFactory = _ => "label" };
        var servedAtColumn = new Option<string>("--served-at-column") { Description = "The column with the time the prediction was served (ISO 8601).", DefaultValueFactory = _ => "servedAt" };
        var version = new Option<string?>("--version") { Description = "Version label of the model that made these predictions, e.g. legacy-2025." };
        var missingValues = new Option<string?>("--missing-values")
        {
            Description = "Comma-separated cell texts read as missing values besides the empty cell, matched whole and ignoring case; " +
                "replaces the model's import.missingValues (default NA,N/A,null,NaN). \"\" leaves only the empty cell.",
        };
        var ignoreColumns = new Option<string?>("--ignore-columns") { Description = "Comma-separated columns that are not features, skipped instead of failing the import." };
        var ignoreExtraColumns = new Option<bool>("--ignore-extra-columns") { Description = "Skip every column that is neither a feature nor a known column (the skipped ones are listed)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per all-or-nothing batch (at most Ingestion:MaxBatchSize).", DefaultValueFactory = _ => 500 };
        var command = new Command("import", "Import historical predictions and true labels. Every other column must be a feature of the model " +
            "unless ignored. Each batch is stored whole or not at all; errors name the line and column.")
        {
            model, file, labelColumn, idColumn, predictedColumn, servedAtColumn, version, missingValues, ignoreColumns, ignoreExtraColumns, batchSize,
        };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var path = environment.Resolve(context.Value(file)!);
            if (Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".jsonl" or ".ndjson"))
            {
                throw new UsageException("--file", $"'{context.Value(file)}' must end in .csv, .jsonl or .ndjson (the extension says how to read it)");
            }

            if (!File.Exists(path))
            {
                throw new UsageException("--file", $"'{context.Value(file)}' does not exist");
            }

            var columns = new ImportColumns(context.Value(idColumn)!, context.Value(servedAtColumn)!, context.Value(predictedColumn)!, context.Value(labelColumn)!);
            if (new[] { columns.TrackingId, columns.ServedAt, columns.Label, columns.TrueLabel }.Distinct(StringComparer.Ordinal).Count() != 4)
            {
                throw new UsageException("--label-column", $"the tracking ID, served-at, predicted and true label columns must differ ({columns})");
            }

            var overrides = Overrides(context.Value(missingValues), context.Value(ignoreColumns), context.Value(ignoreExtraColumns), columns);
            var services = await context.ServicesAsync(cancellationToken);
            var limit = services.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxBatchSize;
            var size = context.Value(batchSize);
            if (size < 1 || size > limit)
            {
                throw new UsageException("--batch-size", $"must be between 1 and {limit} (Ingestion:MaxBatchSize), was {size}");
            }

            var importer = new HistoricalImporter(
                services.GetRequiredService<PredictionLog>(),
                services.GetRequiredService<FeedbackRecorder>(),
                services.GetRequiredService<ModelDefinitionCache>(),
                services.GetRequiredService<TimeProvider>());
            var errors = 0;
            var name = context.Value(model)!;
            var report = await importer.ImportAsync(name, path, columns, overrides, context.Value(version), size, async error =>
            {
                if (++errors <= MaxPrintedErrors)
                {
                    await context.Error.WriteLineAsync($"error: {error}");
                }
            }, cancellationToken);

            if (errors > MaxPrintedErrors)
            {
                await context.Error.WriteLineAsync($"… and {errors - MaxPrintedErrors} more errors.");
            }

            var output = context.Output;
            await output.WriteLineAsync($"Read {report.Rows} rows from {Path.GetFileName(path)} for model '{name}'.");
            if (report.IgnoredColumns.Count > 0)
            {
                await output.WriteLineAsync($"Ignored columns: {string.Join(", ", report.IgnoredColumns)}.");
            }

            await output.WriteLineAsync($"Predictions: {report.PredictionsCreated} stored, {report.PredictionsDuplicate} already recorded.");
            await output.WriteLineAsync($"Outcomes (true labels): {report.OutcomesCreated} stored, {report.OutcomesDuplicate} already recorded.");
            if (report.RejectedRows > 0)
            {
                var ranges = string.Join(", ", report.RejectedBatches.Select(b => b.First == b.Last ? $"{b.First}" : $"{b.First}-{b.Last}"));
                await output.WriteLineAsync($"Rejected: {report.RejectedRows} rows in {report.RejectedBatches.Count} {(report.RejectedBatches.Count == 1 ? "batch" : "batches")} (lines {ranges}); nothing from them was stored.");
            }

            return errors == 0 ? ExitCodes.Ok : report.Conflicted ? ExitCodes.Failure : ExitCodes.Usage;
        });
        return command;
    }

    private static ImportOverrides Overrides(string? missingValues, string? ignoreColumns, bool ignoreExtraColumns, ImportColumns columns)
    {
        MissingValueTokens? tokens = null;
        if (missingValues is not null)
        {
            tokens = MissingValueTokens.TryCreate(missingValues.Split(','), out var problem)
                ?? throw new UsageException("--missing-values", problem!);
        }

        var ignored = (ignoreColumns ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ignored.FirstOrDefault(columns.IsSpecial) is { } special)
        {
            throw new UsageException("--ignore-columns", $"'{special}' is one of the known columns ({columns}) and cannot be ignored");
        }

        return new ImportOverrides(tokens, ignored, ignoreExtraColumns);
    }
}
