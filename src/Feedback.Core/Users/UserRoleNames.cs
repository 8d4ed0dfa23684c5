namespace Feedback.Core.Users;

/// <summary>Role names as they appear in requests, claims and the UI.</summary>
public static class UserRoleNames
{
    public const string Admin = "admin";
    public const string Engineer = "engineer";
    public const string Approver = "approver";
    public const string Expert = "expert";
    public const string Annotator = "annotator";

    public static readonly IReadOnlyDictionary<string, UserRoles> All = new Dictionary<string, UserRoles>(StringComparer.Ordinal)
    {
        [Admin] = UserRoles.Admin,
        [Engineer] = UserRoles.Engineer,
        [Approver] = UserRoles.Approver,
        [Expert] = UserRoles.Expert,
        [Annotator] = UserRoles.Annotator,
    };

    public static string AnnotatorIdOf(string userName) => $"user:{userName}";

    /// <summary>The role names held, with <c>admin</c> expanded to every role.</summary>
    public static IReadOnlyList<string> Effective(UserRoles roles) =>
        [.. All.Where(r => roles.HasFlag(UserRoles.Admin) || roles.HasFlag(r.Value)).Select(r => r.Key)];

    /// <summary>The role names stored, as given (no expansion).</summary>
    public static IReadOnlyList<string> Named(UserRoles roles) =>
        [.. All.Where(r => roles.HasFlag(r.Value)).Select(r => r.Key)];
}
