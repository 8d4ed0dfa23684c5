using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Ml.Training.MlNet;

namespace Feedback.Core.Models;

/// <summary><c>pipeline.trainer</c>: one of our trainers by name, or an ML.NET algorithm with options.</summary>
public static partial class ModelDefinitionValidator
{
    private const string TrainerField = "pipeline.trainer";

    /// <summary>A stable text form of the pipeline's trainer choice, options included (for cache keys and metadata).</summary>
    public static string DescribeTrainer(PipelineSettings pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.MlNet?.ToString() ?? FormatTrainer(pipeline.Trainer);
    }

    private static (TrainerKind? Trainer, MlNetTrainerSpec? MlNet) ValidateTrainer(JsonElement? element, TaskType? taskType, TrainerKind fallback, FieldErrors errors)
    {
        switch (element)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return (fallback, null);
            case { ValueKind: JsonValueKind.String } text:
                var name = text.GetString();
                TrainerKind? trainer = name switch
                {
                    "logistic-regression" => TrainerKind.LogisticRegression,
                    "gradient-boosted-trees" => TrainerKind.GradientBoostedTrees,
                    _ => null,
                };
                if (trainer is null)
                {
                    errors.Add(TrainerField, $"'{name}' is not a trainer: use logistic-regression, gradient-boosted-trees or {{ family: mlnet, algorithm, options }}");
                }
                else if (trainer == TrainerKind.LogisticRegression && taskType == TaskType.Regression)
                {
                    errors.Add(TrainerField, "logistic regression cannot train a regression model: use gradient-boosted-trees");
                }

                return (trainer, null);
            case { ValueKind: JsonValueKind.Object } json:
                return ValidateMlNetTrainer(json, taskType, errors);
            default:
                errors.Add(TrainerField, "must be a trainer name or an object { family: mlnet, algorithm, options }");
                return (null, null);
        }
    }

    private static (TrainerKind? Trainer, MlNetTrainerSpec? MlNet) ValidateMlNetTrainer(JsonElement json, TaskType? taskType, FieldErrors errors)
    {
        var before = errors.Count;
        string? family = null;
        string? algorithmName = null;
        JsonElement? options = null;
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "family" when property.Value.ValueKind == JsonValueKind.String:
                    family = property.Value.GetString();
                    break;
                case "algorithm" when property.Value.ValueKind == JsonValueKind.String:
                    algorithmName = property.Value.GetString();
                    break;
                case "family" or "algorithm":
                    errors.Add($"{TrainerField}.{property.Name}", "must be a string");
                    break;
                case "options" when property.Value.ValueKind is JsonValueKind.Object:
                    options = property.Value;
                    break;
                case "options" when property.Value.ValueKind is JsonValueKind.Null:
                    break;
                case "options":
                    errors.Add($"{TrainerField}.options", "must be an object of option names and numbers");
                    break;
                default:
                    errors.Add($"{TrainerField}.{property.Name}", "is not a field of a trainer; known: family, algorithm, options");
                    break;
            }
        }

        if (family is null)
        {
            errors.Add($"{TrainerField}.family", $"is required: '{MlNetAlgorithms.Family}'");
        }
        else if (family != MlNetAlgorithms.Family)
        {
            errors.Add($"{TrainerField}.family", $"'{family}' is not a trainer family: use '{MlNetAlgorithms.Family}' (our own trainers are named by a string, e.g. trainer: logistic-regression)");
        }

        var algorithm = MlNetAlgorithms.Find(algorithmName);
        if (algorithmName is null)
        {
            errors.Add($"{TrainerField}.algorithm", $"is required; known: {string.Join(", ", MlNetAlgorithms.All.Select(a => a.Name))}");
        }
        else if (algorithm is null)
        {
            errors.Add($"{TrainerField}.algorithm", $"'{algorithmName}' is not an ML.NET algorithm; known: {string.Join(", ", MlNetAlgorithms.All.Select(a => a.Name))}");
        }
        else if (taskType is { } type && !algorithm.Tasks.Contains(TaskKindOf(type)))
        {
            errors.Add($"{TrainerField}.algorithm", $"{algorithm.Name} cannot train a {type.ToString().ToLowerInvariant()} model; use one of: {string.Join(", ", MlNetAlgorithms.For(TaskKindOf(type)))}");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (algorithm is not null && options is { } given)
        {
            foreach (var option in given.EnumerateObject())
            {
                var field = $"{TrainerField}.options.{option.Name}";
                if (algorithm.Option(option.Name) is not { } spec)
                {
                    errors.Add(field, $"is not an option of {algorithm.Name}; known: {string.Join(", ", algorithm.Options.Select(o => o.Name))}");
                }
                else if (option.Value.ValueKind != JsonValueKind.Number || !option.Value.TryGetDouble(out var value))
                {
                    errors.Add(field, spec.Type == MlNetOptionType.WholeNumber ? "must be a whole number" : "must be a number");
                }
                else if (spec.Check(value) is { } problem)
                {
                    errors.Add(field, problem);
                }
                else
                {
                    values[option.Name] = value;
                }
            }
        }

        return errors.Count > before || algorithm is null
            ? (null, null)
            : (TrainerKind.MlNet, new MlNetTrainerSpec(algorithm.Name, values));
    }

    private static JsonElement TrainerElement(PipelineSettings pipeline)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (pipeline.MlNet is not { } spec)
            {
                writer.WriteStringValue(FormatTrainer(pipeline.Trainer));
            }
            else
            {
                // Canonical form: family, algorithm, and only the options given, sorted by name.
                writer.WriteStartObject();
                writer.WriteString("family", MlNetAlgorithms.Family);
                writer.WriteString("algorithm", spec.Algorithm);
                if (spec.Options.Count > 0)
                {
                    writer.WriteStartObject("options");
                    foreach (var (name, value) in spec.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
                    {
                        writer.WriteNumber(name, value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
