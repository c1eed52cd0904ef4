using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PodIdentity.Discovery.Publishing;

namespace PodIdentity.Discovery.Serve;

/// <summary>
/// The two documents at their standard paths, and also under the issuer's path and the jwks_uri's
/// path, so an ingress may forward with or without stripping the prefix.
/// </summary>
internal static class DocumentEndpoints
{
    public const string JwkSetContentType = "application/jwk-set+json";

    public static IEndpointRouteBuilder MapDiscoveryDocuments(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/.well-known/openid-configuration", methods, (HttpContext context, ServeTarget store) =>
            Write(context, store.Current, d => d.Discovery, jwks: false));
        app.MapMethods("/openid/v1/jwks", methods, (HttpContext context, ServeTarget store) =>
            Write(context, store.Current, d => d.Jwks, jwks: true));
        app.MapMethods("/{**path}", methods, (HttpContext context, string path, ServeTarget store) =>
        {
            var current = store.Current;
            var issuerPath = current is null ? "" : new Uri(current.Issuer).AbsolutePath.Trim('/');
            var prefix = issuerPath.Length == 0 ? "" : issuerPath + "/";
            if (current is not null && path == prefix + current.Discovery.Path)
            {
                return Write(context, current, d => d.Discovery, jwks: false);
            }

            if (current is not null && path == prefix + current.Jwks.Path)
            {
                return Write(context, current, d => d.Jwks, jwks: true);
            }

            return TypedResults.NotFound();
        });
        return app;
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult, NotFound> Write(
        HttpContext context, PublishedDocuments? current, Func<PublishedDocuments, PublishedDocument> select, bool jwks)
    {
        if (current is null)
        {
            return TypedResults.Problem(
                "No discovery documents yet: the first read from the API server has not succeeded. See /healthz and the logs.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var document = select(current);
        var headers = context.Response.Headers;
        headers.CacheControl = S3Target.CacheControl;
        headers.ETag = document.ETag;
        headers.LastModified = current.PublishedAt.ToString("R");
        if (IfNoneMatch(context.Request, document.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.File(document.Content, ContentType(context.Request, jwks));
    }

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0)
        {
            return false;
        }

        return EntityTagHeaderValue.TryParseList(header, out var tags)
            && tags.Any(t => t.Tag == "*" || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
    }

    // application/json unless a client asks only for the JWK Set media type (RFC 7517 §8.5).
    private static string ContentType(HttpRequest request, bool jwks)
    {
        var accept = request.Headers.Accept.ToString();
        return jwks && accept.Contains(JwkSetContentType, StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            ? JwkSetContentType
            : "application/json";
    }
}
