using System.Security.Cryptography;
using Feedback.Core.Errors;
using Feedback.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Users;

/// <summary>The body of <c>POST /api/v1/users</c> and of the admin form.</summary>
public sealed class UserRequest
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>admin, engineer, approver, expert, annotator.</summary>
    public List<string>? Roles { get; set; }
}

public sealed record UserResource(long Id, string UserName, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, DateTimeOffset? LockedUntil);

/// <summary>Local accounts: create, list, and check a password with lockout after repeated failures.</summary>
public sealed class UserDirectory(FeedbackDbContext context, TimeProvider timeProvider, IOptions<UserSignInOptions> options, IPasswordHasher<User> hasher)
{
    public const int MaxPasswordLength = 256;

    /// <summary>Hash checked when the user name is unknown, so that both failures take the same time.</summary>
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<User>().HashPassword(null!, GeneratePassword()));

    public async Task<UserResource> CreateAsync(UserRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var userName = request.UserName?.Trim().ToLowerInvariant();
        if (userName is null || !UserNames.IsValid(userName))
        {
            errors.Add("userName", UserNames.Rule);
        }

        var minLength = options.Value.MinPasswordLength;
        if (request.Password is null || request.Password.Length < minLength || request.Password.Length > MaxPasswordLength)
        {
            errors.Add("password", $"is required: {minLength}-{MaxPasswordLength} characters");
        }

        var roles = ParseRoles(request.Roles, errors);
        errors.ThrowIfAny();

        if (await context.Users.AnyAsync(u => u.UserName == userName, cancellationToken))
        {
            throw new ConflictException("userName", $"a user named '{userName}' already exists");
        }

        var user = new User { UserName = userName!, PasswordHash = string.Empty, Roles = roles, CreatedAt = timeProvider.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        context.Users.Add(user);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            context.ChangeTracker.Clear();
            throw new ConflictException("userName", $"a user named '{userName}' already exists");
        }

        return ToResource(user);
    }

    public async Task<IReadOnlyList<UserResource>> ListAsync(CancellationToken cancellationToken)
    {
        var users = await context.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return [.. users.Select(ToResource)];
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => context.Users.AnyAsync(cancellationToken);

    /// <summary>Checks a password. Wrong passwords count towards lockout; a locked account refuses even the right one.</summary>
    public async Task<SignInOutcome> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = userName?.Trim().ToLowerInvariant() ?? string.Empty;
        var user = name.Length == 0 ? null : await context.Users.AsTracking().SingleOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            hasher.VerifyHashedPassword(null!, UnknownUserHash.Value, password ?? string.Empty);
            return SignInOutcome.Invalid;
        }

        var now = timeProvider.GetUtcNow();
        if (user.LockedUntil > now)
        {
            // Spend the same hashing time as any other failure, so timing does not tell a locked account apart.
            hasher.VerifyHashedPassword(null!, UnknownUserHash.Value, password);
            return SignInOutcome.Locked(user.LockedUntil.Value);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= options.Value.MaxFailedSignIns)
            {
                user.FailedSignIns = 0;
                user.LockedUntil = now + options.Value.LockoutDuration;
            }

            await context.SaveChangesAsync(cancellationToken);
            return user.LockedUntil > now ? SignInOutcome.Locked(user.LockedUntil.Value) : SignInOutcome.Invalid;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await context.SaveChangesAsync(cancellationToken);
        return SignInOutcome.Success(user);
    }

    /// <summary>A random password for the first admin: 20 characters from an unambiguous alphabet (~110 bits).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private static UserRoles ParseRoles(List<string>? names, FieldErrors errors)
    {
        var roles = UserRoles.None;
        if (names is null || names.Count == 0)
        {
            errors.Add("roles", "at least one role is required: admin, engineer, approver, expert or annotator");
            return roles;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (UserRoleNames.All.TryGetValue(names[i] ?? string.Empty, out var role))
            {
                roles |= role;
            }
            else
            {
                errors.Add($"roles[{i}]", $"'{names[i]}' is not a role: use admin, engineer, approver, expert or annotator");
            }
        }

        return roles;
    }

    private static UserResource ToResource(User user) =>
        new(user.Id, user.UserName, UserRoleNames.Named(user.Roles), user.CreatedAt, user.LastSignInAt, user.LockedUntil);
}

/// <summary>The result of a password check.</summary>
public sealed record SignInOutcome(User? User, DateTimeOffset? LockedUntil)
{
    public static SignInOutcome Invalid { get; } = new(null, null);

    public bool Succeeded => User is not null;

    public static SignInOutcome Success(User user) => new(user, null);

    public static SignInOutcome Locked(DateTimeOffset until) => new(null, until);
}
