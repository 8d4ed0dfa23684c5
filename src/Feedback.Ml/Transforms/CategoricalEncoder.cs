using Feedback.Ml.Data;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Transforms;

/// <summary>One-hot over a training vocabulary, plus one out-of-vocabulary column (last) that also takes missing
/// values and categories too rare or beyond the top k.</summary>
/// <remarks>Missing values share the OOV column rather than getting their own: in logged production data a missing
/// category and an unseen one are both "nothing we learnt about", and one fewer column keeps warm starts simpler.</remarks>
internal sealed class CategoricalEncoder : FeatureEncoder
{
    public const byte Tag = 4;
    public const string OutOfVocabulary = "<oov>";

    private readonly string[] _vocabulary;
    private readonly Dictionary<string, int> _index;

    public CategoricalEncoder(FeatureSpec spec, string[] vocabulary)
        : base(spec)
    {
        _vocabulary = vocabulary;
        _index = new Dictionary<string, int>(vocabulary.Length, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Length; i++)
        {
            _index.Add(vocabulary[i], i);
        }
    }

    public IReadOnlyList<string> Vocabulary => _vocabulary;

    public override int Width => _vocabulary.Length + 1;

    public override byte Kind => Tag;

    public override string ColumnName(int local) => $"{Spec.Name}={(local < _vocabulary.Length ? _vocabulary[local] : OutOfVocabulary)}";

    public override Action<int, SparseRowWriter, int> Bind(DataColumn column)
    {
        var categorical = (CategoricalColumn)column;
        var map = categorical.Dictionary.Select(IndexOf).ToArray();
        var codes = categorical.Codes;
        return (row, writer, offset) =>
        {
            var code = codes.Span[row];
            Encode(code < 0 ? -1 : map[code], writer, offset);
        };
    }

    public override string? EncodeRaw(object? raw, SparseRowWriter writer, int offset)
    {
        var problem = FeatureValues.ToText(raw, Spec.MaxLength, out var value);
        if (problem is null)
        {
            Encode(string.IsNullOrEmpty(value) ? -1 : IndexOf(value), writer, offset);
        }

        return problem;
    }

    public void Encode(int vocabularyIndex, SparseRowWriter writer, int offset) =>
        writer.Add(offset + (vocabularyIndex < 0 ? _vocabulary.Length : vocabularyIndex), 1f);

    public override void Save(BinaryWriter writer)
    {
        writer.Write(_vocabulary.Length);
        foreach (var value in _vocabulary)
        {
            writer.Write(value);
        }
    }

    public static CategoricalEncoder Load(FeatureSpec spec, BinaryReader reader)
    {
        var vocabulary = new string[reader.ReadInt32()];
        for (var i = 0; i < vocabulary.Length; i++)
        {
            vocabulary[i] = reader.ReadString();
        }

        return new CategoricalEncoder(spec, vocabulary);
    }

    /// <summary>The categories with at least <paramref name="minFrequency"/> rows, most frequent first (ties by ordinal
    /// name, so the order is deterministic), at most <paramref name="topK"/>.</summary>
    public static string[] FitVocabulary(CategoricalColumn column, int topK, int minFrequency)
    {
        var counts = new int[column.Dictionary.Count];
        foreach (var code in column.Codes.Span)
        {
            if (code >= 0)
            {
                counts[code]++;
            }
        }

        return Enumerable.Range(0, counts.Length)
            .Where(code => counts[code] >= minFrequency)
            .OrderByDescending(code => counts[code])
            .ThenBy(code => column.Dictionary[code], StringComparer.Ordinal)
            .Take(topK)
            .Select(code => column.Dictionary[code])
            .ToArray();
    }

    private int IndexOf(string value) => _index.TryGetValue(value, out var index) ? index : -1;
}
