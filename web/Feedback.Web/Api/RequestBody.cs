using System.Buffers;
using Feedback.Core;
using Feedback.Core.Errors;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Api;

internal enum BodyFormat
{
    Json,
    NdJson,
    Yaml,
}

/// <summary>Reads a request body into memory under the configured size limit, after checking its media type.</summary>
/// <remarks>Reading ourselves (instead of model binding) gives one place for the 413 and 415 answers and lets
/// the parser report field paths for every JSON error.</remarks>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length, BodyFormat format)
    {
        _buffer = buffer;
        Length = length;
        Format = format;
    }

    public BodyFormat Format { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, IReadOnlyCollection<BodyFormat> accepted, CancellationToken cancellationToken)
    {
        var format = Classify(request.ContentType)
            ?? throw new UnsupportedMediaTypeException(
                $"Content-Type '{request.ContentType ?? "(none)"}' is not accepted here; use {string.Join(" or ", accepted.Select(MediaType))}.");
        if (!accepted.Contains(format))
        {
            throw new UnsupportedMediaTypeException($"Content-Type '{request.ContentType}' is not accepted here; use {string.Join(" or ", accepted.Select(MediaType))}.");
        }

        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxBodyBytes;
        if (request.ContentLength is { } declared && declared > limit)
        {
            throw TooLarge(limit);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        throw TooLarge(limit);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(limit);
                }
            }

            return new RequestBody(buffer, length, format);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static PayloadTooLargeException TooLarge(int limit) =>
        new("body", $"The request body is larger than the limit of {limit} bytes; split the batch.");

    private static BodyFormat? Classify(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => BodyFormat.Json,
            not null when mediaType.StartsWith("application/", StringComparison.Ordinal) && mediaType.EndsWith("+json", StringComparison.Ordinal) => BodyFormat.Json,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" => BodyFormat.NdJson,
            "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" => BodyFormat.Yaml,
            _ => null,
        };
    }

    private static string MediaType(BodyFormat format) => format switch
    {
        BodyFormat.NdJson => "application/x-ndjson",
        BodyFormat.Yaml => "application/yaml",
        _ => "application/json",
    };
}
