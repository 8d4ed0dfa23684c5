using Feedback.Core.Access;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Core.Models;
using Feedback.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Web.Api;

/// <summary>A registered version as the API returns it, with the aliases that point at it now.</summary>
internal sealed record VersionResource(
    int Version,
    int DefinitionRevision,
    int? ParentVersion,
    string BundleHash,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Aliases);

/// <summary>The version registry: list and read versions, move aliases (promote, roll back), read the alias history.</summary>
internal static class VersionsApi
{
    private static readonly BodyFormat[] MoveFormats = [BodyFormat.Json];

    public static RouteGroupBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}").WithTags("Versions");
        group.MapGet("/versions", ListAsync)
            .RequireAccess(Permission.ReadModels, ModelScope.Model)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every version of the model, newest first, with the aliases pointing at each.");
        group.MapGet("/versions/{version:int}", GetAsync)
            .RequireAccess(Permission.ReadModels, ModelScope.Model)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One version of the model: revision, parent, bundle hash, metadata, aliases.");
        group.MapGet("/versions/{version:int}/mlnet", MlNetModelFileAsync)
            .RequireAccess(Permission.ReadModels, ModelScope.Model)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .WithSummary("The ML.NET model file (.zip) of an ML.NET-trained version: MLContext.Model.Load reads it. Its input is the transformed feature vector 'Features' (columns in X-Feature-Columns).");
        group.MapGet("/aliases", AliasesAsync)
            .RequireAccess(Permission.ReadModels, ModelScope.Model)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Where each alias points now, and every alias move (who, when, from, to, why), newest first.");
        group.MapPost("/aliases/{alias}", MoveAsync)
            .RequireAccess(Permission.ManageModels, ModelScope.Model)
            .DocumentsBody<AliasMoveRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Point an alias at a version (promote or roll back). Atomic; every serving node uses the new version for requests that start after the answer.");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<VersionResource>>, NotFound>> ListAsync(
        string name, HttpContext http, ModelVersionRegistry registry, CancellationToken cancellationToken)
    {
        if (!http.Caller().CanAccess(name))
        {
            return TypedResults.NotFound();
        }

        var versions = await registry.ListAsync(name, cancellationToken);
        var aliases = await AliasesByVersionAsync(registry, name, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VersionResource>>(versions.Select(v => ToResource(v, aliases)).ToList());
    }

    private static async Task<Results<Ok<VersionResource>, NotFound>> GetAsync(
        string name, int version, HttpContext http, ModelVersionRegistry registry, CancellationToken cancellationToken)
    {
        if (!http.Caller().CanAccess(name) || await registry.FindAsync(name, version, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToResource(found, await AliasesByVersionAsync(registry, name, cancellationToken)));
    }

    private static async Task<IResult> MlNetModelFileAsync(
        string name, int version, HttpContext http, ModelVersionRegistry registry, CancellationToken cancellationToken)
    {
        if (!http.Caller().CanAccess(name) || await registry.BundleAsync(name, version, cancellationToken) is not { } bytes)
        {
            return TypedResults.NotFound();
        }

        using var stream = new MemoryStream(bytes, writable: false);
        var bundle = Ml.Bundles.ModelBundle.Load(stream);
        if (bundle.Predictor is not Ml.MlNet.MlNetPredictor predictor)
        {
            throw new ConflictException("version", $"version {version} was trained by {bundle.Metadata.TrainerName}; only versions trained by an ML.NET algorithm have an ML.NET model file");
        }

        // The model scores the transformed vector; the column names say which feature value each slot holds.
        http.Response.Headers["X-Feature-Columns"] = string.Join(',', predictor.ModelColumnNames.Select(Uri.EscapeDataString));
        return TypedResults.File(predictor.ModelFile.ToArray(), "application/zip", $"{name}-v{version}.zip");
    }

    private static async Task<Results<Ok<ModelAliasesState>, NotFound>> AliasesAsync(
        string name, HttpContext http, ModelVersionRegistry registry, CancellationToken cancellationToken) =>
        http.Caller().CanAccess(name)
            ? TypedResults.Ok(await registry.AliasesAsync(name, cancellationToken))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<AliasMove>, NotFound>> MoveAsync(
        string name, string alias, HttpContext http, ModelVersionRegistry registry, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        if (!caller.CanAccess(name))
        {
            return TypedResults.NotFound();
        }

        AliasMoveRequest request;
        using (var body = await RequestBody.ReadAsync(http.Request, MoveFormats, cancellationToken))
        {
            request = JsonBodyReader.Read<AliasMoveRequest>(body.Span);
        }

        var version = request.Version ?? throw new InvalidInputException("version", "is required: the version the alias should point at");
        return TypedResults.Ok(await registry.MoveAliasAsync(name, alias, version, caller.KeyId, request.Reason is null ? null : Core.Privacy.PiiScrubber.Scrub(request.Reason), cancellationToken));
    }

    private static async Task<ILookup<int, string>> AliasesByVersionAsync(ModelVersionRegistry registry, string name, CancellationToken cancellationToken) =>
        (await registry.AliasesAsync(name, cancellationToken)).Aliases.ToLookup(a => a.Version, a => a.Alias);

    private static VersionResource ToResource(RegisteredVersion version, ILookup<int, string> aliases) =>
        new(version.Version, version.DefinitionRevision, version.ParentVersion, version.BundleHash, Metadata(version.MetadataJson),
            version.CreatedAt, aliases[version.Version].ToList());

    private static JsonElement? Metadata(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
