namespace Feedback.Cli;

/// <summary>Where a command runs: the directory relative paths resolve against, and configuration that overrides
/// appsettings.json and the environment (tests point it at their own database).</summary>
public sealed class CliEnvironment
{
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Configuration keys (<c>Database:Provider</c>, …) that win over appsettings.json and environment variables.</summary>
    public IReadOnlyDictionary<string, string?>? Configuration { get; init; }

    /// <summary>The content root appsettings.json is read from (and a relative <c>DataDirectory</c> resolved
    /// against); found with <see cref="ContentRoot.Locate"/> when null.</summary>
    public string? ContentRoot { get; init; }

    /// <summary>Where the CLI keeps its SQLite database unless configured otherwise (<c>Database:DataDirectory</c> or
    /// <c>Database:ConnectionString</c>, e.g. as the environment variables <c>Database__DataDirectory</c>,
    /// <c>Database__ConnectionString</c>): the user's local data folder (<c>~/.local/share/feedback</c> on Linux,
    /// <c>%LOCALAPPDATA%\feedback</c> on Windows, <c>~/Library/Application Support/feedback</c> on macOS), so that a command
    /// finds the same models whatever directory it runs in. Null or empty keeps <c>DataDirectory</c> from appsettings.json.</summary>
    public string? UserDataDirectory { get; init; } = Core.Storage.UserDataFolder.Default();

    /// <summary>A path given on the command line, made absolute against <see cref="CurrentDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, CurrentDirectory);
}
