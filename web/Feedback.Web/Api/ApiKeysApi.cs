using Feedback.Core.Access;
using Feedback.Core.Json;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>API key administration. The secret is returned once, at creation.</summary>
internal static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/apikeys").WithTags("API keys").RequireAccess(Permission.ManageKeys, ModelScope.Filtered);
        group.MapPost("/", CreateAsync).DocumentsBody<ApiKeyRequest>("application/json").ProducesValidationProblem().WithSummary("Create a key; the response holds the only copy of its secret.");
        group.MapGet("/", ListAsync).WithSummary("List keys (never their secrets).");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke a key.");
        return group;
    }

    private static async Task<Created<IssuedApiKey>> CreateAsync(HttpContext http, ApiKeyIssuer issuer, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(http.Request, [BodyFormat.Json], cancellationToken);
        var request = JsonBodyReader.Read<ApiKeyRequest>(body.Span);
        var issued = await issuer.CreateAsync(request.Name, request.Scopes, request.Models, request.Source, http.Caller(), cancellationToken);
        return TypedResults.Created($"/api/v1/apikeys/{issued.ApiKey.Id}", issued);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyResource>>> ListAsync(HttpContext http, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await issuer.ListAsync(http.Caller(), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(string id, HttpContext http, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        await issuer.RevokeAsync(id, http.Caller(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
