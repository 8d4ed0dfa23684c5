using Feedback.Core.Models.Schema;

namespace Feedback.Web.Api;

/// <summary>Public JSON Schemas, for editors (e.g. <c># yaml-language-server: $schema=…</c>) and scripts. They describe
/// the API's documents and reveal nothing of a deployment, so they need no key.</summary>
internal static class SchemasApi
{
    public static IEndpointRouteBuilder MapSchemasApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ModelDefinitionSchema.Route, () => Results.Bytes(ModelDefinitionSchema.Utf8, ModelDefinitionSchema.MediaType))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
