using System.Globalization;

namespace Feedback.Pipeline.Scheduling;

/// <summary>A fixed interval as the cron of a Hangfire recurring job (6 fields, seconds first). Cron counts from the
/// top of each minute, hour or day, so an interval that does not divide it evenly is approximate at the boundary.</summary>
public static class IntervalCron
{
    public static string Every(TimeSpan interval)
    {
        if (interval < TimeSpan.FromMinutes(1))
        {
            return Field(Math.Max(1, (int)Math.Round(interval.TotalSeconds)), "{0} * * * * *");
        }

        if (interval < TimeSpan.FromHours(1))
        {
            return Field((int)Math.Round(interval.TotalMinutes), "0 {0} * * * *");
        }

        return interval < TimeSpan.FromDays(1) ? Field((int)Math.Round(interval.TotalHours), "0 0 {0} * * *") : "0 0 0 * * *";
    }

    private static string Field(int every, string format) =>
        string.Format(CultureInfo.InvariantCulture, format, every == 1 ? "*" : $"*/{every.ToString(CultureInfo.InvariantCulture)}");
}
