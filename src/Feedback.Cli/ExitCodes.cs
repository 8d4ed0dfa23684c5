namespace Feedback.Cli;

/// <summary>What the process returns: scripts branch on these.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command was valid but failed: unknown model, conflict, a run that failed.</summary>
    public const int Failure = 1;

    /// <summary>Usage or validation error: a missing or bad argument, an invalid file row; the message names the field.</summary>
    public const int Usage = 2;
}
