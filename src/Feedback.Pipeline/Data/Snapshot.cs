using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;

namespace Feedback.Pipeline.Data;

/// <summary>One labeled example of a dataset snapshot, with its raw feature values.</summary>
public sealed record SnapshotRow(
    string TrackingId,
    string Split,
    string Label,
    double Weight,
    string Source,
    IReadOnlyList<string> Evidence,
    IReadOnlyDictionary<string, object?> Inputs)
{
    /// <summary>When the prediction was served: orders examples for recency windows, decay and the recent eval slice.
    /// Null in snapshots written before it was recorded.</summary>
    public DateTimeOffset? ServedAt { get; init; }
}

/// <summary>An immutable dataset snapshot (SPEC §5.1): gzip-compressed JSON lines in a fixed field order, so equal
/// examples give equal bytes and so an equal content hash.</summary>
public sealed class Snapshot(IReadOnlyList<SnapshotRow> rows)
{
    public const string Train = "train";
    public const string Eval = "eval";

    /// <summary>The time-based eval slice: the newest examples, held out of training (see <c>pipeline.recentEvalShare</c>).</summary>
    public const string Recent = "recent";
    public const string MediaType = "application/x-ndjson+gzip";
    public const string LabelField = "__label";
    public const string WeightField = "__weight";

    public IReadOnlyList<SnapshotRow> Rows { get; } = rows;

    public IEnumerable<SnapshotRow> Split(string split) => Rows.Where(r => r.Split == split);

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new Utf8JsonWriter(gzip))
        {
            foreach (var row in Rows)
            {
                writer.WriteStartObject();
                writer.WriteString("trackingId", row.TrackingId);
                writer.WriteString("split", row.Split);
                writer.WriteString("label", row.Label);
                writer.WriteNumber("weight", row.Weight);
                writer.WriteString("source", row.Source);
                writer.WriteStartArray("evidence");
                foreach (var evidence in row.Evidence)
                {
                    writer.WriteStringValue(evidence);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("inputs");
                FeatureValueJson.Write(writer, row.Inputs);
                if (row.ServedAt is { } servedAt)
                {
                    writer.WriteString("servedAt", servedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
                writer.Flush();
                gzip.WriteByte((byte)'\n');
                writer.Reset();
            }
        }

        return buffer.ToArray();
    }

    public static Snapshot FromBytes(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var rows = new List<SnapshotRow>();
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            rows.Add(new SnapshotRow(
                root.GetProperty("trackingId").GetString()!,
                root.GetProperty("split").GetString()!,
                root.GetProperty("label").GetString()!,
                root.GetProperty("weight").GetDouble(),
                root.GetProperty("source").GetString()!,
                root.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                FeatureValueJson.Read(root.GetProperty("inputs")))
            {
                ServedAt = root.TryGetProperty("servedAt", out var servedAt) ? servedAt.GetDateTimeOffset() : null,
            });
        }

        return new Snapshot(rows);
    }

    /// <summary>The split as a table for the ML core, with labels (class names or numbers) and weights.</summary>
    public TabularData ToTable(string split, ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var task = TaskKindOf(definition.TaskType);
        var builder = new TabularDataBuilder(definition.Features, new LabelDefinition(LabelField, task, definition.IsClassifier ? definition.LabelClasses : null, WeightField));
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var example in Split(split))
        {
            row.Clear();
            foreach (var (name, value) in example.Inputs)
            {
                row[name] = value;
            }

            row[LabelField] = definition.IsClassifier ? example.Label : double.Parse(example.Label, CultureInfo.InvariantCulture);
            row[WeightField] = example.Weight;
            builder.Add(row);
        }

        return builder.Build();
    }

    public static TaskKind TaskKindOf(TaskType task) => task switch
    {
        TaskType.Binary => TaskKind.BinaryClassification,
        TaskType.Multiclass => TaskKind.MulticlassClassification,
        _ => TaskKind.Regression,
    };

    /// <summary>The label as a feature spec, for label statistics.</summary>
    public static FeatureSpec LabelSpec(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new FeatureSpec(LabelField, definition.IsClassifier ? FeatureType.Categorical : FeatureType.Numeric, true, FeatureRole.Feature);
    }
}

/// <summary>Feature values as plain CLR values (double, string, bool, null), to and from JSON.</summary>
public static class FeatureValueJson
{
    public static Dictionary<string, object?> Read(JsonElement inputs)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in inputs.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        return values;
    }

    public static Dictionary<string, object?> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartObject();
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            switch (value)
            {
                case null: writer.WriteNull(name); break;
                case double number: writer.WriteNumber(name, number); break;
                case bool flag: writer.WriteBoolean(name, flag); break;
                default: writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        writer.WriteEndObject();
    }
}
