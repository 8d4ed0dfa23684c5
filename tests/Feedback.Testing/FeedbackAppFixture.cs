using System.Net.Http.Headers;
using Feedback.Core.Access;
using Feedback.Core.Storage;
using Feedback.Pipeline.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Feedback.Testing;

/// <summary>The real web host on Kestrel (real HTTP on loopback) over a throwaway database of the given provider.</summary>
public abstract class FeedbackAppFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private App? _app;

    public DatabaseProvider Provider { get; } = provider;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The fixture is not initialised.")).Services;

    /// <summary>Settings beyond the database, e.g. <c>Ingestion:MaxBatchSize</c>.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Service replacements for the host, e.g. a <see cref="TimeProvider"/> the test moves.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        var settings = new Dictionary<string, string?>
        {
            ["Bootstrap:CreateAdminKey"] = "false",
            ["Bootstrap:CreateAdminUser"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests run the join themselves; the background join-and-trigger loop would race them. Tests of
            // triggers set a short interval.
            ["Pipeline:TriggerInterval"] = "01:00:00",
            // Tests sign in and send bursts far faster than people do; the limits have tests of their own (AbuseLimitTests).
            ["RateLimits:SignInPerMinute"] = "100000",
            ["Abuse:SubjectBurstLimit"] = "1000000",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        settings["Database:Provider"] = Provider.ToString();
        settings["Database:ConnectionString"] = _database.ConnectionString;
        _app = new App(settings, ConfigureServices);
        _app.UseKestrel(0);
        _app.StartServer();

        // The job server comes up just after the host has started (it waits for the migrations); tests that read
        // /readyz or enqueue jobs expect it there.
        var scheduler = _app.Services.GetRequiredService<FeedbackScheduler>();
        if (scheduler.Options.Enabled)
        {
            await scheduler.WhenReadyAsync(CancellationToken.None);
        }
    }

    /// <summary>An HTTP client authenticated with a new API key of the given scopes (and optional model restriction).</summary>
    public async Task<HttpClient> ClientAsync(string[] scopes, string[]? models = null, string? source = null)
    {
        var key = await CreateKeyAsync(scopes, models, source);
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        return client;
    }

    public Task<HttpClient> AdminClientAsync() => ClientAsync(["admin"]);

    public async Task<IssuedApiKey> CreateKeyAsync(string[] scopes, string[]? models = null, string? source = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        return await issuer.CreateAsync($"test-{Guid.NewGuid():N}", scopes, models, source, CancellationToken.None);
    }

    public HttpClient AnonymousClient() => _app!.CreateClient();

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _app!.ClientOptions.BaseAddress;

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private sealed class App(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services);
        }
    }
}

public sealed class SqliteApp() : FeedbackAppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : FeedbackAppFixture(DatabaseProvider.PostgreSql);
