using System.Text;
using Feedback.Core.Access;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Tests.Serving;

/// <summary>The core services (as <c>AddFeedbackCore</c> registers them) over a throwaway, migrated database.</summary>
internal sealed class CoreServices : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ServiceProvider _provider;

    private CoreServices(TestDatabase database, ServiceProvider provider)
    {
        _database = database;
        _provider = provider;
    }

    public IServiceProvider Services => _provider;

    public TestDatabase Database => _database;

    public static Caller Admin { get; } = new("key:test", "key:test", ApiKeyScopes.Admin, null);

    public static async Task<CoreServices> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var configuration = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging();
        services.AddFeedbackCore();
        var built = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using (var context = database.CreateContext())
        {
            await context.Database.MigrateAsync();
        }

        return new CoreServices(database, built);
    }

    /// <summary>Creates a model from a definition document and returns its id.</summary>
    public async Task<long> CreateModelAsync(ModelDefinitionBuilder definition)
    {
        await using var scope = _provider.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ModelCatalog>();
        var document = ModelDefinitionReader.FromJson(Encoding.UTF8.GetBytes(definition.Build().ToJsonString()));
        await catalog.CreateAsync(document, "test", CancellationToken.None);
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        return await context.Models.Where(m => m.Name == definition.Name).Select(m => m.Id).SingleAsync();
    }

    /// <summary>Runs <paramref name="action"/> with a registry of its own scope (as one request would).</summary>
    public async Task<T> WithRegistryAsync<T>(Func<ModelVersionRegistry, Task<T>> action)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>());
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}
