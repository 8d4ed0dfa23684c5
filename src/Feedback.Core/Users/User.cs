namespace Feedback.Core.Users;

/// <summary>A person who signs in to the web UI. The password is stored only as a <c>PasswordHasher</c> hash.</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>Sign-in name, lower case; also the annotator identity <c>user:{UserName}</c>.</summary>
    public required string UserName { get; set; }

    public required string PasswordHash { get; set; }

    public UserRoles Roles { get; set; }

    /// <summary>Consecutive failed sign-ins since the last success or lockout.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>While in the future, sign-in is refused even with the right password.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>The identity this user answers annotation tasks under.</summary>
    public string AnnotatorId => UserRoleNames.AnnotatorIdOf(UserName);
}

/// <summary>What a user may do in the UI. <c>Admin</c> implies every other role.</summary>
[Flags]
public enum UserRoles
{
    None = 0,
    Annotator = 1,
    Expert = 2,
    Approver = 4,
    Engineer = 8,
    Admin = 16,
}
