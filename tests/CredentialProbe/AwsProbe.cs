using System.Text.Json.Nodes;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.S3.Model;

namespace PodIdentity.CredentialProbe;

/// <summary>
/// <c>aws [--put-object BUCKET/KEY]</c>: the AWS SDK for .NET's default chain
/// (DefaultAWSCredentialsIdentityResolver: env keys, profile, web identity, container credentials, IMDS),
/// then optionally one signed S3 PutObject with a client built the way an application builds it
/// (no arguments: region, endpoint and credentials all from the environment).
/// </summary>
internal sealed class AwsProbe : IProbe
{
    public string Name => "aws";

    public async Task<int> RunAsync(string[] args)
    {
        if (args is ["--sdk-log", ..])
        {
            // What a user gets from AWSConfigs.LoggingConfig.LogTo = SystemDiagnostics; on stderr here,
            // so stdout keeps only the result line.
            args = args[1..];
            Amazon.AWSConfigs.AddTraceListener("Amazon", new System.Diagnostics.ConsoleTraceListener(useErrorStream: true));
            Amazon.AWSConfigs.LoggingConfig.LogTo = Amazon.LoggingOptions.SystemDiagnostics;
        }

        var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
        var resolved = await credentials.GetCredentialsAsync();
        var result = new JsonObject
        {
            ["source"] = credentials.GetType().Name,
            ["accessKeyId"] = resolved.AccessKey,
            ["secretAccessKey"] = resolved.SecretKey,
            ["sessionToken"] = resolved.Token,
        };

        if (args is ["--put-object", var target])
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            var (bucket, key) = (target[..slash], target[(slash + 1)..]);
            using var s3 = new AmazonS3Client();
            // Unchunked: s3rver (the test's S3) stores an aws-chunked body as it arrives, chunk signatures and all.
            var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = resolved.AccessKey, UseChunkEncoding = false });
            result["s3"] = new JsonObject { ["bucket"] = bucket, ["key"] = key, ["status"] = (int)put.HttpStatusCode, ["etag"] = put.ETag };
        }

        return ProbeResult.Write(result);
    }
}
