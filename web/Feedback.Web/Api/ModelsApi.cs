using Feedback.Core.Access;
using System.Globalization;
using System.Text;
using Feedback.Core.Models;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>Model definitions: create, read, update (each effective edit is a new revision), list revisions.</summary>
internal static class ModelsApi
{
    private static readonly BodyFormat[] DefinitionFormats = [BodyFormat.Json, BodyFormat.Yaml];

    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models");
        group.MapPost("/", CreateAsync)
            .RequireAccess(Permission.ManageModels, ModelScope.Filtered)
            .DocumentsBody<ModelDefinitionDocument>("application/json", "application/yaml")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a model definition from JSON or YAML.");
        group.MapGet("/", ListAsync).RequireAccess(Permission.ReadModels, ModelScope.Filtered).WithSummary("List the models this key may see.");
        group.MapGet("/{name}", GetAsync).RequireAccess(Permission.ReadModels, ModelScope.Model).WithSummary("Read a model's current definition.");
        group.MapPut("/{name}", UpdateAsync)
            .RequireAccess(Permission.ManageModels, ModelScope.Model)
            .DocumentsBody<ModelDefinitionDocument>("application/json", "application/yaml")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Replace a model's definition; appends a revision when anything changed. Honours If-Match with the revision.");
        group.MapGet("/{name}/revisions", ListRevisionsAsync).RequireAccess(Permission.ReadModels, ModelScope.Model).WithSummary("Every revision of a model's definition, newest first.");
        return group;
    }

    private static async Task<Created<ModelResource>> CreateAsync(HttpContext http, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        var document = await ReadDefinitionAsync(http.Request, cancellationToken);
        var caller = http.Caller();
        if (document.Name is { } name && !caller.CanAccess(name))
        {
            throw new Core.Errors.AccessDeniedException($"A key limited to some models can only create models among them; '{name}' is not one.");
        }

        var model = await catalog.CreateAsync(document, caller.KeyId, cancellationToken);
        SetETag(http, model.Revision);
        return TypedResults.Created($"/api/v1/models/{model.Name}", model);
    }

    private static async Task<Ok<ModelResource>> UpdateAsync(string name, HttpContext http, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        var expected = ParseIfMatch(http.Request.Headers.IfMatch.ToString());
        var document = await ReadDefinitionAsync(http.Request, cancellationToken);
        var (model, _) = await catalog.UpdateAsync(name, document, expected, http.Caller().KeyId, cancellationToken);
        SetETag(http, model.Revision);
        return TypedResults.Ok(model);
    }

    private static async Task<Results<Ok<ModelResource>, NotFound>> GetAsync(string name, HttpContext http, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        if (!http.Caller().CanAccess(name) || await catalog.FindAsync(name, cancellationToken) is not { } model)
        {
            return TypedResults.NotFound();
        }

        SetETag(http, model.Revision);
        return TypedResults.Ok(model);
    }

    private static async Task<Ok<IReadOnlyList<ModelResource>>> ListAsync(HttpContext http, ModelCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListAsync(http.Caller().Models, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<ModelRevisionResource>>, NotFound>> ListRevisionsAsync(
        string name, HttpContext http, ModelCatalog catalog, CancellationToken cancellationToken) =>
        http.Caller().CanAccess(name) && await catalog.ListRevisionsAsync(name, cancellationToken) is { } revisions
            ? TypedResults.Ok(revisions)
            : TypedResults.NotFound();

    private static async Task<ModelDefinitionDocument> ReadDefinitionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(request, DefinitionFormats, cancellationToken);
        return body.Format == BodyFormat.Yaml
            ? ModelDefinitionReader.FromYaml(Encoding.UTF8.GetString(body.Span))
            : ModelDefinitionReader.FromJson(body.Span);
    }

    private static void SetETag(HttpContext http, int revision) =>
        http.Response.Headers.ETag = $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    private static int? ParseIfMatch(string header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        var value = header.Trim().TrimStart('W', '/').Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw new Core.Errors.InvalidInputException("If-Match", "must be the model's revision as an entity tag, e.g. \"3\"");
    }
}
