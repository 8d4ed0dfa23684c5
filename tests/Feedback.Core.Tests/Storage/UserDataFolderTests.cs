using Feedback.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Feedback.Core.Tests.Storage;

/// <summary>The embedded database's default folder sits over appsettings.json and under every explicit setting.</summary>
public sealed class UserDataFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("feedback-config-").FullName;

    [Fact]
    public void DefaultFolder_WinsOverAppSettings_ButNotOverEnvironmentVariablesOrLaterSources()
    {
        var settings = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(settings, """{ "Database": { "DataDirectory": "data" } }""");

        ConfigurationManager Build(string? variable, string? later)
        {
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables("FEEDBACK_TEST_UNUSED_PREFIX_");
            configuration.AddJsonFile(settings);
            configuration.AddInMemoryCollection(variable is null ? [] : [new("Database:DataDirectory", variable)]);
            UserDataFolder.UseAsDefaultDataDirectory(configuration, "/home/ana/.local/share/feedback");
            if (later is not null)
            {
                configuration.AddInMemoryCollection([new("Database:DataDirectory", later)]);
            }

            return configuration;
        }

        Build(null, null)["Database:DataDirectory"].ShouldBe("/home/ana/.local/share/feedback");
        Build("/explicit", null)["Database:DataDirectory"].ShouldBe("/explicit");
        Build(null, "/srv/feedback")["Database:DataDirectory"].ShouldBe("/srv/feedback");
    }

    [Fact]
    public void DefaultFolder_IsUnderUnprefixedEnvironmentVariables_WhenThereAreNoSettingsFiles()
    {
        Environment.SetEnvironmentVariable("Database__DataDirectory", "/from/environment");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables();
            UserDataFolder.UseAsDefaultDataDirectory(configuration, "/home/ana/.local/share/feedback");

            configuration["Database:DataDirectory"].ShouldBe("/from/environment");
        }
        finally
        {
            Environment.SetEnvironmentVariable("Database__DataDirectory", null);
        }
    }

    [Fact]
    public void Default_IsTheFeedbackFolderInLocalApplicationData()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);

        UserDataFolder.Default().ShouldBe(local.Length == 0 ? null : Path.Combine(local, "feedback"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
