using System.Text;

namespace PodIdentity.Discovery.Http;

/// <summary>
/// Reads a response body up to a limit. A discovery document or JWKS is a few kilobytes; a
/// jwks_uri can point anywhere, so a foreign server must not make us buffer an endless body.
/// </summary>
internal static class BoundedBody
{
    /// <summary>1 MiB: far above any real JWKS (AWS IAM accepts at most 100 keys), far below harm.</summary>
    public const int DefaultLimitBytes = 1024 * 1024;

    /// <summary>The body as UTF-8 text; throws <see cref="BodyTooLargeException"/> past <paramref name="limitBytes"/>.</summary>
    public static async Task<string> ReadAsStringAsync(HttpResponseMessage response, int limitBytes, CancellationToken cancellationToken)
    {
        var url = response.RequestMessage?.RequestUri?.ToString() ?? "the response";
        if (response.Content.Headers.ContentLength is { } declared && declared > limitBytes)
        {
            throw new BodyTooLargeException($"{url} declares a {declared}-byte body; at most {limitBytes} bytes are read");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limitBytes)
            {
                throw new BodyTooLargeException($"{url} sent more than {limitBytes} bytes; a discovery document or JWKS is a few kilobytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>A response body past <see cref="BoundedBody"/>'s limit.</summary>
internal sealed class BodyTooLargeException(string message) : IOException(message);
