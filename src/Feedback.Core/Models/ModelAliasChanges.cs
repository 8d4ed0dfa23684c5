namespace Feedback.Core.Models;

/// <summary>Alias moves made by this process, counted, so that this node's caches of alias targets drop what they hold
/// the moment a move commits here. Moves made by other processes reach them through the database instead
/// (<see cref="Channel"/> on PostgreSQL, the alias history's newest id on both).</summary>
public sealed class ModelAliasChanges
{
    /// <summary>The PostgreSQL notification channel on which every alias move is announced, in the move's own
    /// transaction (so the notification is delivered if and only if the move commits). The payload is the model id.</summary>
    public const string Channel = "feedback_alias_moves";

    private long _moves;

    /// <summary>How many alias moves this process has committed; it only grows.</summary>
    public long Count => Interlocked.Read(ref _moves);

    /// <summary>Records a committed move.</summary>
    public void Moved() => Interlocked.Increment(ref _moves);
}
