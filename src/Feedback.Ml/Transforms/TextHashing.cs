namespace Feedback.Ml.Transforms;

/// <summary>The tokenisation and n-gram hashing of the text transform, public so that other tools (and tests) can
/// find the column of an n-gram.</summary>
/// <remarks>
/// A token is a maximal run of letters and digits (<see cref="char.IsLetterOrDigit(char)"/>). An n-gram is its tokens
/// joined by one space, e.g. <c>credit card</c>. The hash is 32-bit FNV-1a over the UTF-16 code units followed by
/// MurmurHash3's finaliser (FNV's low bits mix poorly, and only low bits are kept), so it is the same in every process,
/// unlike <see cref="string.GetHashCode()"/>.
/// </remarks>
public static class TextHashing
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>The bucket (column within the feature's block) of an n-gram: its tokens joined by single spaces,
    /// already lower-cased if the transform lower-cases.</summary>
    public static int Bucket(string ngram, int bits)
    {
        ArgumentNullException.ThrowIfNull(ngram);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 30);
        var state = FnvOffset;
        foreach (var c in ngram)
        {
            state = Step(state, c);
        }

        return Finish(state, bits);
    }

    /// <summary>The tokens of a text (lower-cased when asked), in order.</summary>
    public static IEnumerable<string> Tokenize(string text, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inToken = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                var token = text[start..i];
                tokens.Add(lowercase ? token.ToLowerInvariant() : token);
                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>Appends the buckets of every 1-gram (and 2-gram when <paramref name="maxNgram"/> is 2) of a text to
    /// <paramref name="buckets"/>, growing it as needed; returns the count. Allocation-free apart from growth.</summary>
    internal static int AppendBuckets(string text, int bits, int maxNgram, bool lowercase, ref int[] buckets)
    {
        var count = 0;
        var previousState = 0u;
        var hasPrevious = false;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var unigram = FnvOffset;
            var bigram = hasPrevious ? Step(previousState, ' ') : 0u;
            for (; i < text.Length && char.IsLetterOrDigit(text[i]); i++)
            {
                var c = lowercase ? char.ToLowerInvariant(text[i]) : text[i];
                unigram = Step(unigram, c);
                bigram = Step(bigram, c);
            }

            Add(ref buckets, ref count, Finish(unigram, bits));
            if (maxNgram >= 2 && hasPrevious)
            {
                Add(ref buckets, ref count, Finish(bigram, bits));
            }

            previousState = unigram;
            hasPrevious = true;
        }

        return count;
    }

    private static void Add(ref int[] buckets, ref int count, int bucket)
    {
        if (count == buckets.Length)
        {
            Array.Resize(ref buckets, count * 2);
        }

        buckets[count++] = bucket;
    }

    private static uint Step(uint state, char c)
    {
        // FNV-1a over both bytes of the UTF-16 code unit.
        state = (state ^ (byte)c) * FnvPrime;
        return (state ^ (byte)(c >> 8)) * FnvPrime;
    }

    private static int Finish(uint h, int bits)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return (int)(h & ((1u << bits) - 1));
    }
}
