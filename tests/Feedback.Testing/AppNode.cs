using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Feedback.Testing;

/// <summary>One more node of the platform: the real host on Kestrel over an existing database, so that a test can run
/// several nodes against one database (as a deployment with several web nodes does).</summary>
public sealed class AppNode : IAsyncDisposable
{
    private readonly Factory _factory;

    private AppNode(Factory factory)
    {
        _factory = factory;
    }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts a node on <paramref name="database"/> (migrated by whichever node starts first).</summary>
    public static AppNode Start(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var all = new Dictionary<string, string?>
        {
            ["Bootstrap:CreateAdminKey"] = "false",
            ["Bootstrap:CreateAdminUser"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests run the join themselves; the background join-and-trigger loop would race them. Tests of
            // triggers set a short interval.
            ["Pipeline:TriggerInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        all["Database:Provider"] = database.Provider.ToString();
        all["Database:ConnectionString"] = database.ConnectionString;
        var factory = new Factory(all);
        factory.UseKestrel(0);
        factory.StartServer();
        return new AppNode(factory);
    }

    /// <summary>An HTTP client to this node authenticated with <paramref name="apiKey"/>.</summary>
    public HttpClient Client(string apiKey)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
