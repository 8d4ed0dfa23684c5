namespace Feedback.Client;

/// <summary>Tracking IDs an app can mint itself, before calling its own model, so feedback can name the prediction
/// even when the prediction is logged later.</summary>
public static class TrackingIds
{
    /// <summary>A new ID: time-ordered (UUID v7), so IDs sort roughly by when they were made.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");
}
