using Feedback.Core.Models;
using Feedback.Core.Serving;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Tests.Serving;

public abstract class BundleCacheTests(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private long _modelId;
    private TrainedBundleBuilder _bundles = null!;
    private byte[] _bundle = null!;

    public sealed class OnSqlite() : BundleCacheTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : BundleCacheTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _core = await CoreServices.CreateAsync(provider);
        var definition = ModelDefinitionBuilder.Binary();
        _modelId = await _core.CreateModelAsync(definition);
        _bundles = TrainedBundleBuilder.For(definition.Build());
        _bundle = _bundles.BuildBytes();
        for (var i = 0; i < 3; i++)
        {
            await _core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, null, _bundle, null, CancellationToken.None));
        }
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Get_ManyRequestsAtOnce_LoadOneInstance_ThatScoresLikeTheOriginal()
    {
        var cache = Cache(budget: 64L * 1024 * 1024);

        var loaded = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await cache.GetAsync(_modelId, 1, CancellationToken.None))));

        loaded.Distinct().Count().ShouldBe(1, "a bundle is deserialised once per node");
        var row = _bundles.Row(new Random(5));
        loaded[0].Predict(row).ShouldBe(_bundles.Build().Predict(row));
        cache.LoadedBytes.ShouldBe(_bundle.Length);
    }

    [Fact]
    public async Task Get_PastTheBudget_UnloadsTheLeastRecentlyUsed()
    {
        // Room for two bundles, not three.
        var cache = Cache(budget: (_bundle.Length * 2) + 1);
        var one = await cache.GetAsync(_modelId, 1, CancellationToken.None);
        await cache.GetAsync(_modelId, 2, CancellationToken.None);
        await cache.GetAsync(_modelId, 1, CancellationToken.None); // 1 is now more recent than 2

        await cache.GetAsync(_modelId, 3, CancellationToken.None);

        cache.Loaded.OrderBy(k => k.Version).ShouldBe([(_modelId, 1), (_modelId, 3)]);
        cache.LoadedBytes.ShouldBe(_bundle.Length * 2);
        (await cache.GetAsync(_modelId, 1, CancellationToken.None)).ShouldBeSameAs(one, "version 1 stayed loaded");
        (await cache.GetAsync(_modelId, 2, CancellationToken.None)).ShouldNotBeNull("an unloaded version loads again");
    }

    [Fact]
    public async Task Get_AnUnknownVersion_Fails_WithoutRememberingTheFailure()
    {
        var cache = Cache(budget: 64L * 1024 * 1024);

        await Should.ThrowAsync<InvalidOperationException>(cache.GetAsync(_modelId, 4, CancellationToken.None).AsTask());
        await _core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, null, _bundle, null, CancellationToken.None));

        (await cache.GetAsync(_modelId, 4, CancellationToken.None)).ShouldNotBeNull();
    }

    private BundleCache Cache(long budget) => new(
        _core.Services.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new ServingOptions { BundleCacheBytes = budget }),
        NullLogger<BundleCache>.Instance);
}
