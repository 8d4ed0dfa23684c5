using Microsoft.Extensions.Hosting;

namespace Feedback.Pipeline.Runs;

/// <summary>On host stop, before the scheduler and the services go away: interrupts this process's runs and gives
/// them a bounded moment to record the interruption, so no run keeps working against disposed services. The runs
/// stay active and are resumed by the recovery sweep of any node.</summary>
internal sealed class RunDrain(RunCancellation runs, TimeProvider time) : IHostedService
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        runs.InterruptAll();
        var deadline = time.GetUtcNow() + Grace;
        while (runs.Running > 0 && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, CancellationToken.None);
        }
    }
}
