using System.Diagnostics;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Feedback.Testing;
using Microsoft.Data.Sqlite;

namespace Feedback.Pipeline.Tests.Runs;

/// <summary>On SQLite the run lease holds across processes (the CLI's <c>run --wait</c> beside a running server): a run
/// whose lock file another process holds cannot be leased here, and a killed holder leaves it free.</summary>
public sealed class SqliteRunLeaseTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_run_leased_by_another_process_is_refused_until_that_process_dies()
    {
        var leases = new RunLease(_database.Configured, TimeProvider.System);
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(_database.ConnectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var lockFile = file + ".run-7.lock";

        // util-linux flock(1) takes the same flock(2) lock .NET takes for FileShare.None, from another process.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--nonblock", lockFile, "sleep", "60"]) { UseShellExecute = false })!;
        await WaitUntilAsync(() => File.Exists(lockFile));
        await Task.Delay(200);

        await using (var refused = await leases.TryAcquireAsync(7, TimeSpan.Zero, CancellationToken.None))
        {
            Assert.Null(refused);
        }

        await using (var otherRun = await leases.TryAcquireAsync(8, TimeSpan.Zero, CancellationToken.None))
        {
            Assert.NotNull(otherRun);
        }

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();
        await using var taken = await leases.TryAcquireAsync(7, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(taken);

        // In one process the lease is exclusive too, and it is free again once released.
        await using (var second = await leases.TryAcquireAsync(7, TimeSpan.Zero, CancellationToken.None))
        {
            Assert.Null(second);
        }
    }

    [Fact]
    public async Task A_released_lease_deletes_its_lock_file()
    {
        var leases = new RunLease(_database.Configured, TimeProvider.System);
        var lockFile = Path.GetFullPath(new SqliteConnectionStringBuilder(_database.ConnectionString).DataSource) + ".run-9.lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);

        await using (var lease = await leases.TryAcquireAsync(9, TimeSpan.Zero, CancellationToken.None))
        {
            Assert.NotNull(lease);
            Assert.True(File.Exists(lockFile));
        }

        Assert.False(File.Exists(lockFile));
        await using var again = await leases.TryAcquireAsync(9, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(again);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the other process did not take the lock");
            await Task.Delay(20);
        }
    }
}
