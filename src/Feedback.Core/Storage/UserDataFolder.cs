using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Feedback.Core.Storage;

/// <summary>Where the embedded SQLite database lives unless configured otherwise: the user's local data folder
/// (<c>~/.local/share/feedback</c> on Linux, <c>%LOCALAPPDATA%\feedback</c> on Windows,
/// <c>~/Library/Application Support/feedback</c> on macOS). The server and the command-line tool both default to it, so
/// they share one database whatever directory they run in, and nothing is written into a source checkout.</summary>
public static class UserDataFolder
{
    /// <summary>The user's local application data folder plus <c>feedback</c>, or null where the platform has none
    /// (then <c>Database:DataDirectory</c> from appsettings.json, relative to the content root, applies).</summary>
    public static string? Default() =>
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } folder
            ? Path.Combine(folder, "feedback")
            : null;

    /// <summary>Makes <paramref name="directory"/> the <c>Database:DataDirectory</c> over appsettings.json but under
    /// environment variables, the command line and anything added later, so every explicit setting still wins.</summary>
    public static void UseAsDefaultDataDirectory(IConfigurationBuilder configuration, string? directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = [new("Database:DataDirectory", directory)],
        };
        // Right after the last settings file (appsettings.{Environment}.json), or else before the first unprefixed
        // environment-variable source; the prefixed ones (DOTNET_, ASPNETCORE_) come before the files.
        var sources = configuration.Sources.ToList();
        var afterFiles = sources.FindLastIndex(s => s is FileConfigurationSource) + 1;
        var beforeVariables = sources.FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        configuration.Sources.Insert(afterFiles > 0 ? afterFiles : beforeVariables >= 0 ? beforeVariables : sources.Count, source);
    }
}
