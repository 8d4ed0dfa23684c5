namespace Feedback.Cli;

/// <summary>A command-line argument or input file is unusable; <see cref="Field"/> names the option, argument,
/// column or line. Exit code 2.</summary>
public sealed class UsageException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
