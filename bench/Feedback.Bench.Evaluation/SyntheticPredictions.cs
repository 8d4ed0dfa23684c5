using Feedback.Ml.Evaluation;

namespace Feedback.Bench.Evaluation;

/// <summary>
/// Seeded synthetic binary predictions with three slicing features of 20 values each (60 slices plus overall):
/// a country, a device and an age band, one of them slightly shifting the label rate so slices differ.
/// </summary>
internal static class SyntheticPredictions
{
    public static (EvaluationData Data, double[] Labels, double[] Scores) Create(int rows, int seed)
    {
        var random = new Random(seed);
        var labels = new double[rows];
        var scores = new double[rows];
        var country = new string?[rows];
        var device = new string?[rows];
        var age = new double[rows];
        var countries = Enumerable.Range(0, 20).Select(i => $"c{i:00}").ToArray();
        var devices = Enumerable.Range(0, 20).Select(i => $"d{i:00}").ToArray();
        for (var i = 0; i < rows; i++)
        {
            var c = random.Next(20);
            var latent = (random.NextDouble() * 6) - 3;
            labels[i] = latent + ((random.NextDouble() - 0.5) * 4) + ((c - 10) * 0.05) > 0 ? 1 : 0;
            // Scores rounded to 1e-6: realistic float output with some ties.
            scores[i] = Math.Round(1 / (1 + Math.Exp(-latent)), 6);
            country[i] = countries[c];
            device[i] = devices[random.Next(20)];
            age[i] = 18 + (3 * random.Next(20));
        }

        var columns = new[]
        {
            SliceColumn.FromStrings("country", country),
            SliceColumn.FromStrings("device", device),
            SliceColumn.FromNumbers("ageBand", age),
        };
        return (new EvaluationData(labels, null, columns), labels, scores);
    }
}
