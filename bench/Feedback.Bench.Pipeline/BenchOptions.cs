using System.Globalization;

namespace Feedback.Bench.Pipeline;

/// <summary>Command line: <c>--rows N</c> (labeled predictions before the first run) and <c>--sqlite</c>.</summary>
internal sealed record BenchOptions(int Rows, bool Sqlite)
{
    public static BenchOptions? Parse(string[] args)
    {
        var rows = 100_000;
        var sqlite = false;
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
            else
            {
                return null;
            }
        }

        return new BenchOptions(rows, sqlite);
    }
}
