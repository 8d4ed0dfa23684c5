using Feedback.Core.FeedbackEvents;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Tests.Storage;

public abstract class IngestionStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private SqliteWriteGate _gate = null!;

    public sealed class OnSqlite() : IngestionStoreTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : IngestionStoreTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _gate = new SqliteWriteGate();
        await using var context = _database.CreateContext();
        await context.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        _gate.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task InsertFeedback_SameBatchFromManyWritersAtOnce_StoresEachEventOnce()
    {
        var batch = Enumerable.Range(0, 50).Select(i => Event($"e{i}", hash: 1)).ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store().InsertFeedbackAsync(batch, CancellationToken.None))));

        outcomes.ShouldAllBe(o => o.Committed);
        outcomes.Sum(o => o.Rows.Count(r => r == RowOutcome.Created)).ShouldBe(50, "each event is created by exactly one writer");
        outcomes.Sum(o => o.Rows.Count(r => r == RowOutcome.Duplicate)).ShouldBe(7 * 50);
        await using var context = _database.CreateContext();
        (await context.FeedbackEvents.CountAsync()).ShouldBe(50);
    }

    [Fact]
    public async Task InsertFeedback_AConflictingRow_RollsBackTheWholeBatch()
    {
        (await Store().InsertFeedbackAsync([Event("taken", hash: 1)], CancellationToken.None)).Committed.ShouldBeTrue();

        var outcome = await Store().InsertFeedbackAsync([Event("new-1", hash: 1), Event("taken", hash: 2), Event("new-2", hash: 1)], CancellationToken.None);

        outcome.Committed.ShouldBeFalse();
        outcome.Rows.ShouldBe([RowOutcome.Created, RowOutcome.Conflict, RowOutcome.Created]);
        await using var context = _database.CreateContext();
        (await context.FeedbackEvents.Select(e => e.EventId).ToListAsync()).ShouldBe(["taken"]);
    }

    [Fact]
    public async Task InsertFeedback_RoundTripsEveryColumn()
    {
        var row = Event("full", hash: 3);
        row.ValueNumber = 4;
        row.Label = "yes";
        row.Comment = "ünïcode ✓";
        row.OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1230);

        await Store().InsertFeedbackAsync([row], CancellationToken.None);

        await using var context = _database.CreateContext();
        var stored = await context.FeedbackEvents.SingleAsync();
        stored.ShouldBeEquivalentTo(new FeedbackEvent
        {
            Id = stored.Id,
            Source = row.Source,
            EventId = row.EventId,
            TrackingId = row.TrackingId,
            Kind = row.Kind,
            ValueNumber = 4,
            ValueText = "up",
            Label = "yes",
            Comment = "ünïcode ✓",
            OccurredAt = row.OccurredAt,
            ReceivedAt = row.ReceivedAt,
            ContentHash = row.ContentHash,
        });
    }

    private IIngestionStore Store() => provider == DatabaseProvider.PostgreSql
        ? new PostgresIngestionStore(_database.Configured)
        : new SqliteIngestionStore(_database.Configured, _gate);


    private static FeedbackEvent Event(string eventId, byte hash) => new()
    {
        Source = "test",
        EventId = eventId,
        TrackingId = "t-1",
        Kind = FeedbackKind.Rating,
        ValueText = "up",
        OccurredAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 1, TimeSpan.Zero),
        ContentHash = Enumerable.Repeat(hash, 16).ToArray(),
    };
}
