using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using PodIdentity.Discovery.Oidc;
using PodIdentity.Discovery.Options;
using PodIdentity.Discovery.Source;
using Polly;
using Polly.Registry;

namespace PodIdentity.Discovery.Publishing;

/// <summary>
/// Uploads both documents (and the retention state) to an S3-compatible bucket. No ACL is set:
/// public read comes from the bucket policy, as many buckets have ACLs disabled.
/// </summary>
internal sealed class S3Target : IPublishTarget, IDisposable
{
    public const string CacheControl = "public, max-age=300";

    private readonly S3TargetOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly Lazy<IAmazonS3> _client;
    private readonly Dictionary<string, string> _lastWritten = new(StringComparer.Ordinal);

    public S3Target(IOptions<DiscoveryOptions> options, ResiliencePipelineProvider<string> pipelines)
    {
        _options = options.Value.S3;
        _pipeline = pipelines.GetPipeline(Resilience.S3);
        _client = new Lazy<IAmazonS3>(() => CreateClient(_options));
    }

    public string Name => "s3";

    public string Key(string relativePath) => (_options.Prefix ?? "") + relativePath;

    public async Task<PublishedState?> ReadBackAsync(CheckedDocuments current, CancellationToken cancellationToken)
    {
        var jwksKey = Key(DocumentChecker.RelativePath(current.JwksUri, current.Issuer));
        var jwks = await GetTextAsync(jwksKey, cancellationToken);
        if (jwks is null)
        {
            return null;
        }

        var state = await GetTextAsync(Key(RetentionStateDocument.Path), cancellationToken);
        return RetentionStateDocument.Restore(jwks, state, current, DateTimeOffset.UtcNow);
    }

    public async Task<bool> PublishAsync(PublishedDocuments documents, CancellationToken cancellationToken)
    {
        var changed = false;
        // JWKS first: a discovery document must never point at keys that are not there yet.
        changed |= await PutAsync(Key(documents.Jwks.Path), documents.Jwks.Content, CacheControl, cancellationToken);
        changed |= await PutAsync(Key(documents.Discovery.Path), documents.Discovery.Content, CacheControl, cancellationToken);
        changed |= await PutAsync(Key(RetentionStateDocument.Path), RetentionStateDocument.Serialize(documents.State), "no-cache", cancellationToken);
        return changed;
    }

    public void Invalidate() => _lastWritten.Clear();

    private async Task<bool> PutAsync(string key, byte[] content, string cacheControl, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(content);
        if (_lastWritten.TryGetValue(key, out var last) && last == text)
        {
            return false;
        }

        await _pipeline.ExecuteAsync(async ct =>
        {
            var request = new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                ContentBody = text,
                ContentType = "application/json",
                // Small objects: sign the whole payload; some S3-compatible stores mishandle aws-chunked bodies.
                UseChunkEncoding = false,
            };
            request.Headers.CacheControl = cacheControl;
            await _client.Value.PutObjectAsync(request, ct);
        }, cancellationToken);
        _lastWritten[key] = text;
        return true;
    }

    private async Task<string?> GetTextAsync(string key, CancellationToken cancellationToken)
    {
        return await _pipeline.ExecuteAsync(async ct =>
        {
            try
            {
                using var response = await _client.Value.GetObjectAsync(_options.Bucket, key, ct);
                using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
                return await reader.ReadToEndAsync(ct);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);
    }

    internal static AmazonS3Client CreateClient(S3TargetOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // R2, MinIO and older S3-compatible stores reject the SDK's default trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(options.Endpoint))
        {
            config.ServiceURL = options.Endpoint;
            if (!string.IsNullOrEmpty(options.Region))
            {
                config.AuthenticationRegion = options.Region;
            }
        }
        else if (!string.IsNullOrEmpty(options.Region))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        // Credentials: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, web identity, ...).
        return new AmazonS3Client(config);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
