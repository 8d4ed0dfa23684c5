using System.Text;
using System.Text.Json.Nodes;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;
using Feedback.Ml.Training.Trees;
using Feedback.Ml.Transforms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Testing;

/// <summary>A real trained <see cref="ModelBundle"/> for a model definition: synthetic rows that follow the definition's
/// schema, a fitted <see cref="FeatureTransformEstimator"/>, and logistic regression (classifiers) or small gradient-boosted
/// trees (regression). Deterministic for a given seed.</summary>
/// <remarks>The synthetic rule makes every model-input feature matter: a high <c>numeric</c> value, the word
/// <c>refund</c> or <c>charged</c> in a text, the first category value and <c>true</c> all push towards the last class
/// (or a higher value). <see cref="Inverted"/> flips the rule, giving a second version whose scores clearly differ.</remarks>
public sealed class TrainedBundleBuilder
{
    private static readonly string[] Words = ["refund", "charged", "parcel", "late", "hello", "thanks", "broken", "card"];
    private static readonly string[] Categories = ["DE", "FR", "IT", "ES"];

    private readonly ModelDefinition _definition;
    private int _seed = 1;
    private int _rows = 300;
    private bool _inverted;
    private string? _mlNetAlgorithm;

    private TrainedBundleBuilder(ModelDefinition definition)
    {
        _definition = definition;
    }

    public static TrainedBundleBuilder For(ModelDefinition definition) => new(definition ?? throw new ArgumentNullException(nameof(definition)));

    /// <summary>For a definition document, e.g. <see cref="ModelDefinitionBuilder.Build"/>.</summary>
    public static TrainedBundleBuilder For(JsonObject definitionDocument)
    {
        ArgumentNullException.ThrowIfNull(definitionDocument);
        var document = ModelDefinitionReader.FromJson(Encoding.UTF8.GetBytes(definitionDocument.ToJsonString()));
        return new(ModelDefinitionValidator.Validate(document));
    }

    public ModelDefinition Definition => _definition;

    public TrainedBundleBuilder WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    public TrainedBundleBuilder WithRows(int rows)
    {
        _rows = rows;
        return this;
    }

    /// <summary>Trains with an ML.NET algorithm (e.g. <c>lightgbm</c>, default options) instead of our own trainer.</summary>
    public TrainedBundleBuilder WithMlNet(string algorithm)
    {
        _mlNetAlgorithm = algorithm;
        return this;
    }

    /// <summary>Learns the opposite rule, so the bundle's scores differ from a default one's on every row.</summary>
    public TrainedBundleBuilder Inverted()
    {
        _inverted = true;
        return this;
    }

    public ModelBundle Build()
    {
        var task = _definition.TaskType switch
        {
            TaskType.Binary => TaskKind.BinaryClassification,
            TaskType.Multiclass => TaskKind.MulticlassClassification,
            _ => TaskKind.Regression,
        };
        var label = new LabelDefinition("__label", task, _definition.IsClassifier ? _definition.LabelClasses : null);
        var builder = new TabularDataBuilder(_definition.Features, label);
        var random = new Random(_seed);
        for (var i = 0; i < _rows; i++)
        {
            var row = Row(random);
            row["__label"] = Label(row, random);
            builder.Add(row);
        }

        var data = builder.Build();
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 10 }).Fit(data);
        var training = data.ToTrainingSet(transform.Apply(data));
        IPredictor predictor = _mlNetAlgorithm is not null
            ? new Ml.MlNet.MlNetTrainer(new Ml.Training.MlNet.MlNetTrainerSpec(_mlNetAlgorithm, new Dictionary<string, double>())).Train(training).Predictor
            : _definition.IsClassifier
                ? new LogisticRegressionTrainer().Fit(training)
                : new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions { Rounds = 20, MinExamplesPerLeaf = 5 }).Fit(training);
        return new ModelBundle(transform, predictor, new ModelMetadata
        {
            TrainerName = _mlNetAlgorithm is not null ? $"mlnet:{_mlNetAlgorithm}" : _definition.IsClassifier ? LogisticRegressionTrainer.Name : "gradient-boosted-trees",
            TrainingRows = _rows,
            DataHash = $"synthetic:{_seed}:{(_inverted ? "inverted" : "default")}",
            CreatedAt = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero),
            LabelClasses = _definition.IsClassifier ? [.. _definition.LabelClasses] : [],
        });
    }

    /// <summary>The bundle serialised as the registry stores it.</summary>
    public byte[] BuildBytes() => ToBytes(Build());

    public static byte[] ToBytes(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        using var stream = new MemoryStream();
        bundle.Save(stream);
        return stream.ToArray();
    }

    /// <summary>A random row of the definition's schema (every feature present), as the bundle takes it.</summary>
    public Dictionary<string, object?> Row(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var feature in _definition.Features)
        {
            row[feature.Name] = feature.Type switch
            {
                FeatureType.Numeric => Math.Round(random.NextDouble() * 100, 2),
                FeatureType.Categorical => Categories[random.Next(Categories.Length)],
                FeatureType.Text => string.Join(' ', Enumerable.Range(0, 3).Select(_ => Words[random.Next(Words.Length)])),
                _ => random.Next(2) == 1,
            };
        }

        return row;
    }

    /// <summary>The same row as a JSON object of feature values (an <c>instances</c> entry).</summary>
    public static JsonObject ToJson(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var json = new JsonObject();
        foreach (var (name, value) in row)
        {
            json[name] = value switch
            {
                double d => d,
                bool b => b,
                string s => s,
                _ => null,
            };
        }

        return json;
    }

    private string Label(Dictionary<string, object?> row, Random random)
    {
        var signal = 0.0;
        foreach (var feature in _definition.Features.Where(f => f.IsModelInput))
        {
            signal += row[feature.Name] switch
            {
                double d => (d - 50) / 25,
                string s when feature.Type == FeatureType.Text => s.Contains("refund", StringComparison.Ordinal) || s.Contains("charged", StringComparison.Ordinal) ? 1.5 : -0.5,
                string s => s == Categories[0] ? 1 : -0.3,
                bool b => b ? 0.8 : -0.8,
                _ => 0,
            };
        }

        signal = (_inverted ? -signal : signal) + (random.NextDouble() - 0.5);
        if (!_definition.IsClassifier)
        {
            return (10 + (3 * signal)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        var classes = _definition.LabelClasses;
        if (classes.Count == 2)
        {
            return signal > 0 ? classes[1] : classes[0];
        }

        // Multiclass: cut the signal into as many bands as there are classes.
        var band = (int)Math.Floor((signal + 3) / 6 * classes.Count);
        return classes[Math.Clamp(band, 0, classes.Count - 1)];
    }
}

/// <summary>Registers versions and moves aliases through the app's own <see cref="ModelVersionRegistry"/>, as the
/// pipeline's Trainer and Pusher do.</summary>
public static class ModelVersions
{
    /// <summary>Registers <paramref name="bundle"/> as the model's next version (for its current revision) and, when
    /// <paramref name="alias"/> is given, points that alias at it.</summary>
    public static async Task<int> RegisterAsync(IServiceProvider services, string model, ModelBundle bundle, string? alias = ModelVersionRegistry.Production)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var row = await context.Models.Where(m => m.Name == model).Select(m => new { m.Id, m.CurrentRevision }).SingleAsync();
        var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
        var registered = await registry.RegisterAsync(row.Id, row.CurrentRevision, null, TrainedBundleBuilder.ToBytes(bundle), null, CancellationToken.None);
        if (alias is not null)
        {
            await registry.MoveAliasAsync(model, alias, registered.Version, "test", null, CancellationToken.None);
        }

        return registered.Version;
    }
}
