using System.Diagnostics.Metrics;

namespace Feedback.Core;

/// <summary>Counters for the ingestion path (meter <c>Feedback.Ingestion</c>), exported through OpenTelemetry when configured.</summary>
public sealed class IngestionMetrics : IDisposable
{
    public const string MeterName = "Feedback.Ingestion";

    private readonly Meter _meter;
    private readonly Counter<long> _predictions;
    private readonly Counter<long> _feedback;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _predictions = _meter.CreateCounter<long>("feedback.predictions.recorded", "{prediction}", "Predictions stored (created) or replayed (duplicate).");
        _feedback = _meter.CreateCounter<long>("feedback.events.recorded", "{event}", "Feedback events stored (created) or replayed (duplicate).");
    }

    public void PredictionsRecorded(string model, int created, int duplicates)
    {
        _predictions.Add(created, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("status", "created"));
        if (duplicates > 0)
        {
            _predictions.Add(duplicates, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("status", "duplicate"));
        }
    }

    public void FeedbackRecorded(int created, int duplicates)
    {
        _feedback.Add(created, new KeyValuePair<string, object?>("status", "created"));
        if (duplicates > 0)
        {
            _feedback.Add(duplicates, new KeyValuePair<string, object?>("status", "duplicate"));
        }
    }

    public void Dispose() => _meter.Dispose();
}
