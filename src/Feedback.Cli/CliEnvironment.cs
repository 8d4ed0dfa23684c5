namespace Feedback.Cli;

/// <summary>Where a command runs: the directory relative paths resolve against, and configuration that overrides
/// appsettings.json and the environment (tests point it at their own database).</summary>
public sealed class CliEnvironment
{
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Configuration keys (<c>Database:Provider</c>, …) that win over appsettings.json and environment variables.</summary>
    public IReadOnlyDictionary<string, string?>? Configuration { get; init; }

    /// <summary>The content root the database's <c>DataDirectory</c> is relative to; found with
    /// <see cref="ContentRoot.Locate"/> when null.</summary>
    public string? ContentRoot { get; init; }

    /// <summary>A path given on the command line, made absolute against <see cref="CurrentDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, CurrentDirectory);
}
