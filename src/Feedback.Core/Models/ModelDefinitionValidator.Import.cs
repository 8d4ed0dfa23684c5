using Feedback.Core.Errors;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;

namespace Feedback.Core.Models;

public static partial class ModelDefinitionValidator
{
    private static ImportSettings ValidateImport(ImportDocument? document, FeatureSchema? features, FieldErrors errors)
    {
        if (document is null)
        {
            return ImportSettings.Default;
        }

        var missing = MissingValueTokens.Default;
        if (document.MissingValues is { } tokens)
        {
            missing = MissingValueTokens.TryCreate(tokens, out var problem) ?? MissingValueTokens.Default;
            if (problem is not null)
            {
                errors.Add("import.missingValues", problem);
            }
        }

        var ignored = new List<string>();
        for (var i = 0; i < (document.IgnoreColumns?.Count ?? 0); i++)
        {
            var name = document.IgnoreColumns![i];
            var path = $"import.ignoreColumns[{i}]";
            if (string.IsNullOrEmpty(name) || name.Length > 128)
            {
                errors.Add(path, "must be a column name of 1-128 characters");
            }
            else if (features is not null && features.IndexOf(name) >= 0)
            {
                errors.Add(path, $"'{name}' is a feature of this model: a feature column cannot be ignored");
            }
            else if (ignored.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(path, $"'{name}' appears more than once");
            }
            else
            {
                ignored.Add(name);
            }
        }

        return new ImportSettings(missing, ignored, document.IgnoreExtraColumns ?? false);
    }

    private static ImportDocument? ToImportDocument(ImportSettings settings) => settings.IsDefault ? null : new ImportDocument
    {
        MissingValues = [.. settings.MissingValues.Tokens],
        IgnoreColumns = settings.IgnoreColumns.Count > 0 ? [.. settings.IgnoreColumns] : null,
        IgnoreExtraColumns = settings.IgnoreExtraColumns ? true : null,
    };
}
