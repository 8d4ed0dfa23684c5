using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Transforms;

namespace Feedback.Ml.Tests.Transforms;

public sealed class TextTransformTests
{
    private const int Bits = 18;
    private static readonly FeatureSchema Schema = new([new FeatureSpec("text", FeatureType.Text, Required: false)]);

    private static TabularData Texts(params string?[] texts)
    {
        var builder = new TabularDataBuilder(Schema);
        foreach (var text in texts)
        {
            builder.Add(new Dictionary<string, object?> { ["text"] = text });
        }

        return builder.Build();
    }

    private static Dictionary<int, float> Row(FeatureMatrix matrix, int row)
    {
        var indices = matrix.RowIndices(row).ToArray();
        var values = matrix.RowValues(row).ToArray();
        return indices.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    [Fact]
    public void Apply_HandComputedTfIdf_MatchesFormula()
    {
        // Unigrams only. Training: "a b", "a". n = 2; df(a) = 2, df(b) = 1.
        // idf(a) = ln(3/3) + 1 = 1; idf(b) = ln(3/2) + 1. Row "a b b": tf a=1, b=2 → (1, 2·idf b), then L2-normalised.
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextMaxNgram = 1 }).Fit(Texts("a b", "a"));

        var row = Row(transform.Apply(Texts("A b B")), 0);

        var idfB = Math.Log(1.5) + 1;
        var norm = Math.Sqrt(1 + (4 * idfB * idfB));
        row.Count.ShouldBe(2);
        row[TextHashing.Bucket("a", Bits)].ShouldBe((float)(1 / norm), 1e-7f);
        row[TextHashing.Bucket("b", Bits)].ShouldBe((float)(2 * idfB / norm), 1e-7f);
    }

    [Fact]
    public void Apply_UnseenToken_HashesWithLargestIdf()
    {
        // Unseen buckets have df = 0, so idf = ln(1 + n) + 1: larger than any seen token's.
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextMaxNgram = 1 }).Fit(Texts("a b", "a"));

        var row = Row(transform.Apply(Texts("a zebra")), 0);

        var idfUnseen = Math.Log(3) + 1;
        var norm = Math.Sqrt(1 + (idfUnseen * idfUnseen));
        row[TextHashing.Bucket("zebra", Bits)].ShouldBe((float)(idfUnseen / norm), 1e-7f);
        row[TextHashing.Bucket("a", Bits)].ShouldBe((float)(1 / norm), 1e-7f);
    }

    [Fact]
    public void Apply_MissingOrSymbolOnlyText_IsEmptyRow()
    {
        var transform = new FeatureTransformEstimator().Fit(Texts("a b", "a"));

        var matrix = transform.Apply(Texts(null, "", "?!  --"));

        matrix.Indices.Length.ShouldBe(0);
    }

    [Fact]
    public void Apply_TrainingRows_MatchScikitLearnTfidfVectorizer()
    {
        var transform = new FeatureTransformEstimator().Fit(Texts(SklearnTfidfFixture.Train));

        var matrix = transform.Apply(Texts(SklearnTfidfFixture.Train));

        for (var row = 0; row < SklearnTfidfFixture.Train.Length; row++)
        {
            var ours = Row(matrix, row);
            var expected = SklearnTfidfFixture.TrainWeights[row];
            ours.Count.ShouldBe(expected.Length, $"row {row}: one entry per distinct n-gram (no hash collisions in this tiny vocabulary)");
            foreach (var (ngram, weight) in expected)
            {
                ours[TextHashing.Bucket(ngram, Bits)].ShouldBe((float)weight, 1e-6f, $"row {row}, n-gram '{ngram}'");
            }
        }
    }

    [Fact]
    public void ColumnNames_NameTheFeatureAndBucket()
    {
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 4 }).Fit(Texts("a"));

        transform.ColumnNames.Count.ShouldBe(16);
        transform.ColumnNames[5].ShouldBe("text#5");
    }

    [Fact]
    public void Bucket_IsStableAcrossProcesses() =>
        // Pinned values: a change here changes every saved model's text columns.
        new[] { TextHashing.Bucket("card", 18), TextHashing.Bucket("credit card", 18) }.ShouldBe([FixedBuckets.Card, FixedBuckets.CreditCard]);

    [Fact]
    public void Tokenize_SplitsOnNonAlphanumericsAndLowercases() =>
        TextHashing.Tokenize("Hello, World-2024! Ünïcode_x").ShouldBe(["hello", "world", "2024", "ünïcode", "x"]);

    private static class FixedBuckets
    {
        public const int Card = 153647;
        public const int CreditCard = 11706;
    }
}
