using Cronos;

namespace Feedback.Core.Models;

/// <summary>A model's cron schedule (<c>triggers.schedule</c>), as Hangfire reads it: standard 5-field cron
/// (<c>minute hour day-of-month month day-of-week</c>) or 6 fields with seconds first. Definitions written for the
/// earlier scheduler use the 6-field form (e.g. <c>0 0 3 * * ?</c>) and keep working unchanged; a 7th (year) field is
/// not supported.</summary>
public static class CronSchedule
{
    /// <summary>Parses <paramref name="expression"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        if (fields is not (5 or 6))
        {
            throw new FormatException($"it has {fields} fields; use 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
        }

        try
        {
            return CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            throw new FormatException(exception.Message, exception);
        }
    }
}
