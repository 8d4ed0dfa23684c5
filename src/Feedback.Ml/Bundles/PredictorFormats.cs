using System.Collections.Concurrent;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;
using Feedback.Ml.Training.Trees;

namespace Feedback.Ml.Bundles;

/// <summary>Maps a predictor's <see cref="IPredictor.FormatTag"/> to the function that reads its payload, so that model
/// bundles can hold any kind of predictor without knowing the types.</summary>
public static class PredictorFormats
{
    private static readonly ConcurrentDictionary<string, Func<BinaryReader, IPredictor>> Readers = new(StringComparer.Ordinal)
    {
        [LinearPredictor.Tag] = LinearPredictor.Load,
        ["trees"] = TreeEnsemblePredictor.Load,
    };

    /// <summary>Registers (or replaces) the reader of a format tag.</summary>
    public static void Register(string formatTag, Func<BinaryReader, IPredictor> reader)
    {
        ArgumentException.ThrowIfNullOrEmpty(formatTag);
        ArgumentNullException.ThrowIfNull(reader);
        Readers[formatTag] = reader;
    }

    /// <summary>Whether a reader is registered for a tag.</summary>
    public static bool IsRegistered(string formatTag) => Readers.ContainsKey(formatTag);

    /// <summary>Reads a predictor payload with the reader registered for its tag.</summary>
    /// <exception cref="InvalidDataException">No reader is registered for the tag.</exception>
    public static IPredictor Read(string formatTag, BinaryReader reader) =>
        Readers.TryGetValue(formatTag, out var read)
            ? read(reader)
            : throw new InvalidDataException($"The bundle holds a '{formatTag}' predictor and no reader is registered for that format (registered: {string.Join(", ", Readers.Keys.Order(StringComparer.Ordinal))}).");
}
