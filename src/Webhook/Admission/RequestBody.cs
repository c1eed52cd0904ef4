using System.Buffers;

namespace PodIdentity.Webhook.Admission;

/// <summary>
/// Reads a request body into a pooled buffer (the caller returns it), counting the body's own bytes: Kestrel counts
/// a chunked body's framing (chunk sizes, line breaks) against its limit, which refused bodies well under the limit
/// sent in small chunks.
/// </summary>
internal static class RequestBody
{
    private const int InitialBufferSize = 16 * 1024;

    public static async Task<(byte[] Buffer, int Length)> ReadAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength is null && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var size = request.ContentLength is { } declared and > 0 ? (int)declared : InitialBufferSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    throw new TooLargeException();
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public sealed class TooLargeException : Exception;
}
