using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Bench.Validation;

/// <summary>A deterministic mixed data set held column by column: half numeric features (normal, log-normal,
/// uniform and integer counts, 1% missing) and half categorical features (vocabularies of 3 to 2,000 values with
/// a Zipf-like skew, 2% missing). The shift argument moves the distributions, to give drift something to find.</summary>
internal sealed class SyntheticData
{
    private SyntheticData(FeatureSchema schema, ColumnarBatch batch, double[][] numbers, string?[][] strings)
    {
        Schema = schema;
        Batch = batch;
        Numbers = numbers;
        Strings = strings;
    }

    public FeatureSchema Schema { get; }

    public ColumnarBatch Batch { get; }

    /// <summary>The numeric columns, in schema order of the numeric features.</summary>
    public double[][] Numbers { get; }

    /// <summary>The categorical columns.</summary>
    public string?[][] Strings { get; }

    public static SyntheticData Create(int rows, int features, double shift, int seed)
    {
        var numericCount = features / 2;
        var specs = new List<FeatureSpec>();
        var batch = new ColumnarBatch(rows);
        var numbers = new double[numericCount][];
        var strings = new string?[features - numericCount][];
        for (var f = 0; f < numericCount; f++)
        {
            var name = $"num{f:00}";
            specs.Add(new FeatureSpec(name, FeatureType.Numeric));
            numbers[f] = NumericColumn(rows, f, shift, seed);
            batch.SetNumbers(name, numbers[f]);
        }

        for (var f = 0; f < strings.Length; f++)
        {
            var name = $"cat{f:00}";
            specs.Add(new FeatureSpec(name, FeatureType.Categorical));
            strings[f] = CategoricalColumn(rows, f, shift, seed);
            batch.SetStrings(name, strings[f]);
        }

        return new SyntheticData(new FeatureSchema(specs), batch, numbers, strings);
    }

    private static double[] NumericColumn(int rows, int feature, double shift, int seed)
    {
        var random = new Random(HashCode.Combine(seed, feature, 1));
        var values = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            if (random.NextDouble() < 0.01)
            {
                values[i] = double.NaN;
                continue;
            }

            values[i] = (feature % 4) switch
            {
                0 => 50 + (10 * Gaussian(random)) + (5 * shift),
                1 => Math.Exp(1 + Gaussian(random) + (0.3 * shift)),
                2 => random.NextDouble() * (100 + (20 * shift)),
                _ => Math.Floor(-Math.Log(1 - random.NextDouble()) * (3 + shift)),
            };
        }

        return values;
    }

    private static string?[] CategoricalColumn(int rows, int feature, double shift, int seed)
    {
        var random = new Random(HashCode.Combine(seed, feature, 2));
        int[] sizes = [3, 10, 50, 300, 2000];
        var vocabulary = Enumerable.Range(0, sizes[feature % sizes.Length]).Select(v => $"f{feature}_v{v}").ToArray();
        var values = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            if (random.NextDouble() < 0.02)
            {
                continue;
            }

            // Zipf-like: index = floor(n^u) - 1 for u uniform; the shift favours later values.
            var u = Math.Min(1, random.NextDouble() + (0.05 * shift));
            values[i] = vocabulary[Math.Min(vocabulary.Length - 1, (int)Math.Pow(vocabulary.Length + 1, u) - 1)];
        }

        return values;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
