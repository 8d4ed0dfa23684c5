using System.Collections;

namespace Feedback.Ml.Transforms;

/// <summary>The output column names of a transform, generated on demand: a 2^18-bucket text block would otherwise
/// hold a quarter of a million strings per feature.</summary>
internal sealed class FeatureColumnNames(FeatureEncoder[] encoders, int[] offsets) : IReadOnlyList<string>
{
    public int Count => offsets[^1];

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var block = Array.BinarySearch(offsets, index);
            if (block < 0)
            {
                block = ~block - 1;
            }
            else
            {
                // Zero-width blocks share an offset: skip to the last block starting here.
                while (block + 1 < encoders.Length && offsets[block + 1] == index)
                {
                    block++;
                }
            }

            return encoders[block].ColumnName(index - offsets[block]);
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
