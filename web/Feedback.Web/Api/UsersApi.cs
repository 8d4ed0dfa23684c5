using Feedback.Core.Access;
using Feedback.Core.Json;
using Feedback.Core.Users;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>User administration for scripts: an admin API key creates and lists UI accounts.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAccess(Permission.ManageUsers, ModelScope.Global);
        group.MapPost("/", CreateAsync).DocumentsBody<UserRequest>("application/json").ProducesValidationProblem().WithSummary("Create a user with a password and roles.");
        group.MapGet("/", ListAsync).WithSummary("List users (never their password hashes).");
        return group;
    }

    private static async Task<Created<UserResource>> CreateAsync(HttpContext http, UserDirectory users, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(http.Request, [BodyFormat.Json], cancellationToken);
        var request = JsonBodyReader.Read<UserRequest>(body.Span);
        var created = await users.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/users/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<UserResource>>> ListAsync(UserDirectory users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(cancellationToken));
}
