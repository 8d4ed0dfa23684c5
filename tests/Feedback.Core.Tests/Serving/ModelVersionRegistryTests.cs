using System.Security.Cryptography;
using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Tests.Serving;

public abstract class ModelVersionRegistryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private ModelDefinitionBuilder _definition = null!;
    private long _modelId;
    private byte[] _bundle = null!;

    public sealed class OnSqlite() : ModelVersionRegistryTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : ModelVersionRegistryTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _core = await CoreServices.CreateAsync(provider);
        _definition = ModelDefinitionBuilder.Binary();
        _modelId = await _core.CreateModelAsync(_definition);
        _bundle = TrainedBundleBuilder.For(_definition.Build()).BuildBytes();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Register_StoresTheBundleWithItsHashAndNumbersFromOne()
    {
        var first = await RegisterAsync(metadata: """{"trainer":"logistic-regression","auc":0.91}""");
        var second = await RegisterAsync(parent: 1);

        first.Version.ShouldBe(1);
        first.Model.ShouldBe(_definition.Name);
        first.BundleHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(_bundle)));
        first.MetadataJson.ShouldBe("""{"trainer":"logistic-regression","auc":0.91}""");
        second.Version.ShouldBe(2);
        second.ParentVersion.ShouldBe(1);
        (await _core.WithRegistryAsync(r => r.BundleAsync(_modelId, 2, CancellationToken.None))).ShouldBe(_bundle);
        (await _core.WithRegistryAsync(r => r.BundleAsync(_modelId, 3, CancellationToken.None))).ShouldBeNull();
        var listed = await _core.WithRegistryAsync(r => r.ListAsync(_definition.Name, CancellationToken.None));
        listed.Select(v => v.Version).ShouldBe([2, 1], "newest first");
        listed[1].ShouldBe(first);
    }

    [Fact]
    public async Task Register_ManyAtOnce_GetsConsecutiveDistinctNumbers()
    {
        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => RegisterAsync())));

        versions.Select(v => v.Version).Order().ShouldBe(Enumerable.Range(1, 8));
    }

    [Fact]
    public async Task Register_NotABundle_IsRejectedNamingTheBundle()
    {
        var error = await Should.ThrowAsync<InvalidInputException>(
            _core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, null, [1, 2, 3], null, CancellationToken.None)));

        error.Errors.Keys.ShouldBe(["bundle"]);
        await AssertNoVersionsAsync();
    }

    [Fact]
    public async Task Register_ABundleForOtherClasses_IsRejected()
    {
        var multiclass = TrainedBundleBuilder.For(ModelDefinitionBuilder.Multiclass("a", "b", "c").Build()).BuildBytes();

        var error = await Should.ThrowAsync<InvalidInputException>(
            _core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, null, multiclass, null, CancellationToken.None)));

        error.Errors.Keys.ShouldBe(["bundle"]);
    }

    [Fact]
    public async Task Register_UnknownRevisionParentOrBadMetadata_IsRejectedNamingTheField()
    {
        (await Should.ThrowAsync<InvalidInputException>(_core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 7, null, _bundle, null, CancellationToken.None))))
            .Errors.Keys.ShouldBe(["definitionRevision"]);
        (await Should.ThrowAsync<InvalidInputException>(_core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, 3, _bundle, null, CancellationToken.None))))
            .Errors.Keys.ShouldBe(["parentVersion"]);
        (await Should.ThrowAsync<InvalidInputException>(_core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, null, _bundle, "[1]", CancellationToken.None))))
            .Errors.Keys.ShouldBe(["metadata"]);
        await Should.ThrowAsync<NotFoundException>(_core.WithRegistryAsync(r => r.RegisterAsync(_modelId + 1000, 1, null, _bundle, null, CancellationToken.None)));
        await AssertNoVersionsAsync();
    }

    [Fact]
    public async Task MoveAlias_PromoteThenRollBack_KeepsTheHistory()
    {
        await RegisterAsync();
        await RegisterAsync();

        var created = await MoveAsync("production", 1, "pusher", "first model");
        var promoted = await MoveAsync("production", 2, "run:42", "blessed, auc +0.02");
        var rolledBack = await MoveAsync("production", 1, "key:ops", "rollback: complaints");

        created.PreviousVersion.ShouldBeNull();
        promoted.PreviousVersion.ShouldBe(1);
        rolledBack.ShouldBe(rolledBack with { Alias = "production", Version = 1, PreviousVersion = 2, MovedBy = "key:ops", Reason = "rollback: complaints" });
        (await _core.WithRegistryAsync(r => r.AliasVersionAsync(_modelId, "production", CancellationToken.None))).ShouldBe(1);
        (await _core.WithRegistryAsync(r => r.AliasVersionAsync(_modelId, "candidate", CancellationToken.None))).ShouldBeNull();
        var state = await _core.WithRegistryAsync(r => r.AliasesAsync(_definition.Name, CancellationToken.None));
        state.Aliases.Select(a => (a.Alias, a.Version)).ShouldBe([("production", 1)]);
        state.History.ShouldBe([rolledBack, promoted, created], "newest first");
    }

    [Fact]
    public async Task MoveAlias_ToWhereItPoints_ChangesNothing()
    {
        await RegisterAsync();
        var first = await MoveAsync("production", 1, "pusher", "first");

        var again = await MoveAsync("production", 1, "pusher (retry)", "first");

        again.ShouldBe(first);
        (await _core.WithRegistryAsync(r => r.AliasesAsync(_definition.Name, CancellationToken.None))).History.Count.ShouldBe(1);
    }

    [Fact]
    public async Task MoveAlias_ManyAtOnce_RecordsAnUnbrokenChain()
    {
        for (var i = 0; i < 3; i++)
        {
            await RegisterAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => MoveAsync("production", (i % 3) + 1, $"mover-{i}", null))));

        var state = await _core.WithRegistryAsync(r => r.AliasesAsync(_definition.Name, CancellationToken.None));
        var history = state.History.Reverse().ToList();
        history[0].PreviousVersion.ShouldBeNull();
        for (var i = 1; i < history.Count; i++)
        {
            history[i].PreviousVersion.ShouldBe(history[i - 1].Version, "each move starts where the previous one ended");
            history[i].Version.ShouldNotBe(history[i - 1].Version, "a move to the current version records nothing");
        }

        state.Aliases.Single().Version.ShouldBe(history[^1].Version);
    }

    [Fact]
    public async Task MoveAlias_UnknownVersionOrModel_IsNotFound_AndBadNamesAreInvalid()
    {
        await RegisterAsync();

        await Should.ThrowAsync<NotFoundException>(MoveAsync("production", 2, null, null));
        await Should.ThrowAsync<NotFoundException>(_core.WithRegistryAsync(r => r.MoveAliasAsync("no-such-model", "production", 1, null, null, CancellationToken.None)));
        (await Should.ThrowAsync<InvalidInputException>(MoveAsync("Prod uction", 1, null, null))).Errors.Keys.ShouldBe(["alias"]);
        (await Should.ThrowAsync<InvalidInputException>(MoveAsync("production", 1, null, new string('x', 1001)))).Errors.Keys.ShouldBe(["reason"]);
        (await _core.WithRegistryAsync(r => r.AliasesAsync(_definition.Name, CancellationToken.None))).History.ShouldBeEmpty();
    }

    private Task<RegisteredVersion> RegisterAsync(int? parent = null, string? metadata = null) =>
        _core.WithRegistryAsync(r => r.RegisterAsync(_modelId, 1, parent, _bundle, metadata, CancellationToken.None));

    private Task<AliasMove> MoveAsync(string alias, int version, string? movedBy, string? reason) =>
        _core.WithRegistryAsync(r => r.MoveAliasAsync(_definition.Name, alias, version, movedBy, reason, CancellationToken.None));

    private async Task AssertNoVersionsAsync()
    {
        await using var context = _core.Database.CreateContext();
        (await context.ModelVersions.CountAsync()).ShouldBe(0);
    }
}
