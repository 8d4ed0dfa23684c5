using System.Buffers;
using System.Text.Json;
using Feedback.Core.FeedbackEvents;

namespace Feedback.Bench.Ingestion;

/// <summary>Writes request bodies (and the stored JSON columns of the raw baseline) straight to UTF-8.</summary>
/// <remarks>The load generator shares the machine with the server, so its bodies are written with
/// <see cref="Utf8JsonWriter"/> rather than through a DOM: client CPU taken from the server would be charged to it.</remarks>
internal static class RequestBodies
{
    /// <summary>Typical size of one row in a body, to size the buffer once.</summary>
    private const int BytesPerRow = 320;

    /// <summary>A bare event, the single-event form of <c>POST /api/v1/feedback</c>.</summary>
    public static PooledBufferWriter FeedbackEvent(FeedbackSample sample) => Write(1, writer => WriteEvent(writer, sample));

    /// <summary><c>{"events": [...]}</c>.</summary>
    public static PooledBufferWriter FeedbackBatch(IReadOnlyList<FeedbackSample> samples) => Write(samples.Count, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        foreach (var sample in samples)
        {
            WriteEvent(writer, sample);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary><c>{"predictions": [...]}</c>, also for one prediction (the endpoint has no bare form).</summary>
    public static PooledBufferWriter PredictionBatch(IReadOnlyList<PredictionSample> samples) => Write(samples.Count, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("predictions");
        foreach (var sample in samples)
        {
            writer.WriteStartObject();
            writer.WriteString("trackingId", sample.TrackingId);
            writer.WritePropertyName("inputs");
            WriteInputs(writer, sample);
            writer.WritePropertyName("outputs");
            writer.WriteStartObject();
            writer.WriteString("label", sample.Label);
            writer.WritePropertyName("scores");
            WriteScores(writer, sample);
            writer.WriteEndObject();
            writer.WriteString("version", sample.Version);
            writer.WriteString("subject", sample.Subject);
            writer.WriteString("servedAt", sample.ServedAt);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>The <c>inputs</c> column as the server stores it: features in schema order, compact.</summary>
    public static string StoredInputs(PredictionSample sample) => WriteString(writer => WriteInputs(writer, sample));

    /// <summary>The <c>output_scores</c> column as the server stores it.</summary>
    public static string StoredScores(PredictionSample sample) => WriteString(writer => WriteScores(writer, sample));

    private static void WriteEvent(Utf8JsonWriter writer, FeedbackSample sample)
    {
        writer.WriteStartObject();
        writer.WriteString("eventId", sample.EventId);
        writer.WriteString("trackingId", sample.TrackingId);
        writer.WriteString("kind", sample.Kind switch
        {
            FeedbackKind.Rating => "rating",
            FeedbackKind.Correction => "correction",
            FeedbackKind.Action => "action",
            _ => throw new ArgumentOutOfRangeException(nameof(sample), sample.Kind, "The benchmark sends ratings, corrections and actions only."),
        });
        if (sample.ValueText is not null)
        {
            writer.WriteString("value", sample.ValueText);
        }
        else if (sample.ValueNumber is { } number)
        {
            writer.WriteNumber("value", number);
        }

        if (sample.Label is not null)
        {
            writer.WriteString("label", sample.Label);
        }

        if (sample.Action is not null)
        {
            writer.WriteString("action", sample.Action);
        }

        if (sample.Comment is not null)
        {
            writer.WriteString("comment", sample.Comment);
        }

        writer.WriteString("occurredAt", sample.OccurredAt);
        writer.WriteEndObject();
    }

    private static void WriteInputs(Utf8JsonWriter writer, PredictionSample sample)
    {
        writer.WriteStartObject();
        writer.WriteString("text", sample.Text);
        writer.WriteNumber("amount", sample.Amount);
        writer.WriteString("country", sample.Country);
        writer.WriteBoolean("premium", sample.Premium);
        writer.WriteEndObject();
    }

    private static void WriteScores(Utf8JsonWriter writer, PredictionSample sample)
    {
        writer.WriteStartObject();
        writer.WriteNumber("yes", sample.ScoreYes);
        writer.WriteNumber("no", Math.Round(1 - sample.ScoreYes, 3));
        writer.WriteEndObject();
    }

    /// <returns>The body in a pooled buffer: dispose it once the request is sent.</returns>
    private static PooledBufferWriter Write(int rows, Action<Utf8JsonWriter> write)
    {
        var buffer = new PooledBufferWriter(rows * BytesPerRow);
        using var writer = new Utf8JsonWriter(buffer);
        write(writer);
        writer.Flush();
        return buffer;
    }

    private static string WriteString(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
