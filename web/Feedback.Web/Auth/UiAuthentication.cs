using System.Security.Claims;
using Feedback.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Feedback.Web.Auth;

/// <summary>Cookie sign-in for people using the web UI, next to the API-key scheme for programs.</summary>
internal static class UiAuthentication
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string SignInPath = "/signin";
    public const string AccessDeniedPath = "/access-denied";

    public static AuthenticationBuilder AddUiCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(Scheme, options =>
        {
            options.LoginPath = SignInPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.Cookie.Name = "feedback.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });

    /// <summary>The cookie principal: name, id and every effective role (admin expands to all roles).</summary>
    public static ClaimsPrincipal PrincipalFor(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
        };
        claims.AddRange(UserRoleNames.Effective(user.Roles).Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The annotator identity of the signed-in user: <c>user:{userName}</c>.</summary>
    public static string AnnotatorId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.Identity?.Name ?? throw new InvalidOperationException("No signed-in user.");
        return UserRoleNames.AnnotatorIdOf(name);
    }
}
