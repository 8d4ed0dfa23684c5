using System.Diagnostics;
using Feedback.Testing;

namespace Feedback.Pipeline.Tests.Workers;

/// <summary>A real worker process: the product's host (<c>Feedback.Web.dll</c>, the binary every node runs) started with
/// <c>Scheduler:Role=worker</c> on a shared PostgreSQL database, killable with SIGKILL.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(TestDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        var host = HostDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(host, "Feedback.Web.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = host,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Scheduler__Role"] = "worker";
        start.Environment["Bootstrap__CreateAdminKey"] = "false";
        start.Environment["Bootstrap__CreateAdminUser"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drain the pipes so a chatty process never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, connections simply drop.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // The web host's build output, next to this test assembly's configuration (Release or Debug).
    private static string HostDirectory()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
        {
            directory = directory.Parent;
        }

        var host = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "web", "Feedback.Web", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(host, "Feedback.Web.dll")) ? host : throw new InvalidOperationException($"build web/Feedback.Web first: {host} has no Feedback.Web.dll");
    }
}
