namespace Feedback.Core.Users;

/// <summary>Password sign-in rules. Bound from the <c>Users</c> section.</summary>
public sealed class UserSignInOptions
{
    public const string SectionName = "Users";

    /// <summary>Failed sign-ins in a row that lock the account. Defaults to 5.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account refuses sign-in. Defaults to 15 minutes.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest password accepted when a user is created. Defaults to 10.</summary>
    public int MinPasswordLength { get; set; } = 10;
}
