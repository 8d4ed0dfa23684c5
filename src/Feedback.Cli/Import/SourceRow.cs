using System.Text.Json;

namespace Feedback.Cli.Import;

/// <summary>One row of an import file: the line it starts on, its non-empty cells as JSON values (numbers stay
/// numbers, text becomes a string), or why it could not be read at all.</summary>
internal sealed record SourceRow(long Line, IReadOnlyList<KeyValuePair<string, JsonElement>> Cells, string? Error = null);
