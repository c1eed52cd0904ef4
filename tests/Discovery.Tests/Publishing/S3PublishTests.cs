using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PodIdentity.Discovery.Publishing;
using PodIdentity.Discovery.Tests.Infrastructure;

namespace PodIdentity.Discovery.Tests.Publishing;

/// <summary>Against a real S3-protocol server (s3rver) on loopback.</summary>
public sealed class S3PublishTests : IAsyncLifetime
{
    private const string Issuer = "https://oidc.test/cluster-a";
    private static readonly CommandLineRequest Publish = new(DiscoveryCommand.Publish, S3: true, Once: true);
    private S3rverProcess _s3 = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        _s3 = await S3rverProcess.StartAsync();
    }

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    private Dictionary<string, string?> S3Config(string prefix) => new()
    {
        ["Discovery:S3:Bucket"] = S3rverProcess.Bucket,
        ["Discovery:S3:Endpoint"] = _s3.Endpoint,
        ["Discovery:S3:Region"] = "us-east-1",
        ["Discovery:S3:ForcePathStyle"] = "true",
        ["Discovery:S3:Prefix"] = prefix,
        ["Discovery:KeyRetention"] = "1.00:05:00",
    };

    [Fact]
    public async Task Uploads_both_documents_with_content_type_and_cache_headers()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        await using var app = TestHost.Build(Publish, api, S3Config("upload/"));
        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);
        Assert.True(report.Outcome == CycleOutcome.Published, string.Join("; ", report.Problems));

        using var s3 = _s3.CreateClient();
        foreach (var key in new[] { "upload/.well-known/openid-configuration", "upload/openid/v1/jwks" })
        {
            using var response = await s3.GetObjectAsync(S3rverProcess.Bucket, key);
            Assert.Equal("application/json", response.Headers.ContentType);
            Assert.Equal("public, max-age=300", response.Headers.CacheControl);
        }

        using var jwks = await s3.GetObjectAsync(S3rverProcess.Bucket, "upload/openid/v1/jwks");
        using var reader = new StreamReader(jwks.ResponseStream);
        var kid = (string)JsonNode.Parse(await reader.ReadToEndAsync())!["keys"]![0]!["kid"]!;
        Assert.Equal(api.CurrentKey.Kid, kid);
    }

    [Fact]
    public async Task A_restarted_publisher_reads_retained_keys_back_from_the_bucket()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var oldKid = api.CurrentKey.Kid;
        await using (var first = TestHost.Build(Publish, api, S3Config("restart/")))
        {
            Assert.Equal(CycleOutcome.Published, (await first.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None)).Outcome);
            var newKid = api.Rotate().Kid;
            var rotated = await first.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);
            Assert.Equal([newKid, oldKid], rotated.Documents!.State.Keys.Select(k => k.Kid));
        }

        // A new process: nothing in memory, the bucket is the only memory of the retired key.
        var secondKid = api.CurrentKey.Kid;
        api.Rotate();
        await using var second = TestHost.Build(Publish, api, S3Config("restart/"));
        var report = await second.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Published, report.Outcome);
        Assert.Equal([api.CurrentKey.Kid, secondKid, oldKid], report.Documents!.State.Keys.Select(k => k.Kid));
        using var s3 = _s3.CreateClient();
        using var state = await s3.GetObjectAsync(S3rverProcess.Bucket, "restart/.podidentity-discovery/state.json");
        using var reader = new StreamReader(state.ResponseStream);
        var retired = JsonNode.Parse(await reader.ReadToEndAsync())!["retired"]!.AsObject();
        Assert.True(retired.ContainsKey(oldKid));
        Assert.True(retired.ContainsKey(secondKid));
    }

    [Fact]
    public async Task An_unreachable_bucket_is_a_publish_failure_naming_the_target()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var config = S3Config("down/");
        config["Discovery:S3:Endpoint"] = "http://127.0.0.1:1";
        await using var app = TestHost.Build(Publish, api, config);
        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.PublishFailed, report.Outcome);
        Assert.StartsWith("s3: read back failed", Assert.Single(report.Problems), StringComparison.Ordinal);
    }
}
