namespace Feedback.Cli;

/// <summary>Finds the content root, so that the CLI and the web host read the same appsettings.json. The CLI's SQLite
/// database is not there by default but in the user's data folder (<see cref="CliEnvironment.UserDataDirectory"/>).</summary>
/// <remarks><c>dotnet run --project web/Feedback.Web</c> runs the server in its project folder (the Web SDK sets the
/// working directory), so its default database is <c>web/Feedback.Web/data/feedback.db</c>. <c>dotnet run --project
/// src/Feedback.Cli</c> keeps the caller's directory, which must stay so for relative <c>-f</c> paths. Inside a source
/// checkout the CLI therefore uses the web project's folder as its content root; anywhere else (a deployed binary
/// next to its appsettings.json) the current directory, as the deployed server does. A database under the content root
/// moved with the directory a command ran in, so users lost their models; hence the user data folder.</remarks>
public static class ContentRoot
{
    private static readonly string WebProject = Path.Combine("web", "Feedback.Web");

    /// <summary>The web project's folder of the checkout that contains <paramref name="currentDirectory"/>, or
    /// <paramref name="currentDirectory"/> itself outside a checkout.</summary>
    public static string Locate(string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(currentDirectory);
        for (var directory = new DirectoryInfo(currentDirectory); directory is not null; directory = directory.Parent)
        {
            var web = Path.Combine(directory.FullName, WebProject);
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")) && File.Exists(Path.Combine(web, "appsettings.json")))
            {
                return web;
            }
        }

        return currentDirectory;
    }
}
