namespace Feedback.Cli;

/// <summary>What a command's body works with: its parse result, where to write, and the product's services (built
/// and migrated on first use, so argument checks fail fast without touching the database).</summary>
internal sealed class CommandContext(CliEnvironment environment, ParseResult parseResult) : IAsyncDisposable
{
    private CliHost? _host;
    private AsyncServiceScope? _scope;

    public CliEnvironment Environment { get; } = environment;

    public ParseResult ParseResult { get; } = parseResult;

    public TextWriter Output => ParseResult.InvocationConfiguration.Output;

    public TextWriter Error => ParseResult.InvocationConfiguration.Error;

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>The services of one scope, as a request would see them.</summary>
    public async Task<IServiceProvider> ServicesAsync(CancellationToken cancellationToken, bool migrate = true)
    {
        if (_scope is { } existing)
        {
            return existing.ServiceProvider;
        }

        _host = await CliHost.CreateAsync(Environment, migrate, cancellationToken);
        _scope = _host.Services.CreateAsyncScope();
        return _scope.Value.ServiceProvider;
    }

    /// <summary>Starts the scheduler (standby: stores jobs, never executes them) for commands that enqueue runs.</summary>
    public async Task StartSchedulerAsync(CancellationToken cancellationToken)
    {
        await ServicesAsync(cancellationToken);
        await _host!.StartSchedulerAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
