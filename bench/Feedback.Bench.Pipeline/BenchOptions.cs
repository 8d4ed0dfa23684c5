using System.Globalization;

namespace Feedback.Bench.Pipeline;

/// <summary>Command line: <c>--rows N</c> (labeled predictions before the first run), <c>--sqlite</c>, and <c>--jobs</c>
/// (execute the runs as Hangfire step jobs on an in-process job server instead of calling the executor).</summary>
internal sealed record BenchOptions(int Rows, bool Sqlite, bool Jobs)
{
    public static BenchOptions? Parse(string[] args)
    {
        var rows = 100_000;
        var sqlite = false;
        var jobs = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rows" && i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1000)
            {
                rows = n;
            }
            else if (args[i] == "--sqlite")
            {
                sqlite = true;
            }
            else if (args[i] == "--jobs")
            {
                jobs = true;
            }
            else
            {
                return null;
            }
        }

        return new BenchOptions(rows, sqlite, jobs);
    }
}
