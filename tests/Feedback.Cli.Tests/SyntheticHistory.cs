using System.Globalization;
using System.Text;

namespace Feedback.Cli.Tests;

/// <summary>Historical predictions of a world with a known rule (yes when x1 &gt; 0), as a CSV or JSON-lines export
/// of some older system would hold them: numeric x1/x2, categorical color, the old model's guess, the truth.</summary>
internal static class SyntheticHistory
{
    public static string Definition(string name) => $$$"""
        name: {{{name}}}
        taskType: binary
        labelClasses: [no, yes]
        features:
          - {name: x1, type: numeric}
          - {name: x2, type: numeric}
          - {name: color, type: categorical}
        pipeline:
          minExamples: 50
        evaluation:
          metricThresholds:
            - {metric: auc, value: {lowerBound: 0.8}}
        """;

    public static string Csv(string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("trackingId,servedAt,x1,x2,color,label,trueLabel\n");
        var servedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var x1 = Math.Round((random.NextDouble() * 4) - 2, 3);
            var x2 = Math.Round((random.NextDouble() * 4) - 2, 3);
            var color = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            var guess = random.Next(2) == 0 ? "yes" : "no";
            text.Append(CultureInfo.InvariantCulture,
                $"{prefix}-{i},{servedAt.AddMinutes(i):O},{x1.ToString(CultureInfo.InvariantCulture)},{x2.ToString(CultureInfo.InvariantCulture)},{color},{guess},{(x1 > 0 ? "yes" : "no")}\n");
        }

        return text.ToString();
    }
}
