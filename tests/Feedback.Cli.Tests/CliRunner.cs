using Feedback.Cli;
using Feedback.Testing;

namespace Feedback.Cli.Tests;

/// <summary>What one command printed and returned.</summary>
public sealed record CliResult(int Exit, string Output, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>feedback</c> commands in-process against a test database, in a scratch working directory, with
/// their output captured.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly Dictionary<string, string?> _settings;

    public CliRunner(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        Directory = System.IO.Directory.CreateTempSubdirectory("feedback-cli-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        };
    }

    /// <summary>The working directory: relative <c>-f</c> and <c>-o</c> paths resolve here.</summary>
    public string Directory { get; }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment { CurrentDirectory = Directory, ContentRoot = Directory, Configuration = _settings };
        var exit = await FeedbackCli.RunAsync(args, environment, output, error, CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
