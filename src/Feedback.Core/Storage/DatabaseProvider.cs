namespace Feedback.Core.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
