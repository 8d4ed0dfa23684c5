using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Feedback.Web.Api;

internal static class OpenApiBodyExtensions
{
    /// <summary>Documents a request body of <typeparamref name="T"/> without adding <c>IAcceptsMetadata</c>: with that
    /// metadata, routing itself would answer a wrong Content-Type with a bare 415, and our body reader would never get to
    /// say which media types are accepted.</summary>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, params string[] contentTypes)
    {
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            var body = new OpenApiRequestBody { Required = true, Content = new Dictionary<string, OpenApiMediaType>() };
            foreach (var contentType in contentTypes)
            {
                body.Content[contentType] = new OpenApiMediaType { Schema = schema };
            }

            operation.RequestBody = body;
        });
        return builder;
    }
}
