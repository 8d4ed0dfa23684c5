using Feedback.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Auth;

/// <summary>Authorization policies, one per API key scope; <c>admin</c> satisfies all of them.</summary>
internal static class Scopes
{
    public const string Predict = "scope:predict";
    public const string Feedback = "scope:feedback";
    public const string Annotate = "scope:annotate";
    public const string Admin = "scope:admin";

    /// <summary>Any valid key: reading a model or a prediction is allowed to every scope (model restrictions still apply).</summary>
    public const string Any = "scope:any";

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        Add(builder, Predict, ApiKeyScopes.Predict);
        Add(builder, Feedback, ApiKeyScopes.Feedback);
        Add(builder, Annotate, ApiKeyScopes.Annotate);
        Add(builder, Admin, ApiKeyScopes.Admin);
        Add(builder, Any, ApiKeyScopes.Predict | ApiKeyScopes.Feedback | ApiKeyScopes.Annotate);
        return builder;
    }

    private static void Add(AuthorizationBuilder builder, string name, ApiKeyScopes scopes) =>
        builder.AddPolicy(name, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => HasScopeClaim(context, scopes)));

    private static bool HasScopeClaim(AuthorizationHandlerContext context, ApiKeyScopes scopes) =>
        ApiKeyIssuer.ScopeNames.Any(s => (scopes | ApiKeyScopes.Admin).HasFlag(s.Value) && context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, s.Key));
}
