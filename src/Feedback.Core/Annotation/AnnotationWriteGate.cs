using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;

namespace Feedback.Core.Annotation;

/// <summary>Serialises annotation writes on SQLite through the process's write gate; PostgreSQL needs no gate
/// because every claim is a conditional UPDATE whose row count says who won.</summary>
public sealed class AnnotationWriteGate(ConfiguredDatabase database, SqliteWriteGate gate)
{
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Sqlite ? await gate.EnterAsync(cancellationToken) : null;
}
