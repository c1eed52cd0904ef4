namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>The harness itself: the probe sees exactly the container's env, and the volumes' files at their real, read-only mount paths.</summary>
public sealed class ContainerProcessTests : IDisposable
{
    private const string TokenPath = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-1
          namespace: shop
          annotations:
            shop.example.com/tier: frontend
        spec:
          serviceAccountName: web
          containers:
          - name: web
            image: example.com/web:1
            env:
            - name: LOG_LEVEL
              value: debug
            - name: POD_TIER
              valueFrom:
                fieldRef:
                  fieldPath: metadata.annotations['shop.example.com/tier']
            volumeMounts:
            - name: settings
              mountPath: /etc/shop
          volumes:
          - name: settings
            configMap:
              name: shop-settings
        """;

    private const string ServiceAccount = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
          annotations:
            eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/web
        """;

    private readonly ServiceAccountTokens tokens = new();

    public void Dispose() => tokens.Dispose();

    [Fact]
    public async Task The_probe_gets_the_containers_environment_and_nothing_else_and_reads_the_files_at_their_mount_paths()
    {
        var tokenDirectoryOnHost = Directory.Exists(Path.GetDirectoryName(TokenPath));
        var objects = new ClusterObjects();
        objects.ConfigMaps["shop-settings"] = new Dictionary<string, string> { ["shop.conf"] = "currency = EUR\n" };
        var mutated = PodMutation.Run(Pod, ServiceAccount);
        using var view = ContainerView.Materialize(mutated, "web", tokens, objects);

        var result = (await ContainerProcess.RunAsync(view, "inspect", new Dictionary<string, string> { ["TEST_ADDED"] = "1" }, TokenPath, "/etc/shop/shop.conf")).Result;

        var environment = result["environment"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        var expected = view.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        expected["TEST_ADDED"] = "1";
        Assert.Equal(expected.OrderBy(e => e.Key), environment.OrderBy(e => e.Key));
        Assert.Equal("frontend", environment["POD_TIER"]);
        Assert.Equal(TokenPath, environment["AWS_WEB_IDENTITY_TOKEN_FILE"]);

        var token = result["files"]![TokenPath]!;
        Assert.Equal(view.ReadFile(TokenPath), (string?)token["contents"]);
        Assert.Equal("arn:aws:iam::111122223333:role/web", environment["AWS_ROLE_ARN"]);
        Assert.False((bool)token["writable"]!);
        Assert.Equal("currency = EUR\n", (string?)result["files"]!["/etc/shop/shop.conf"]!["contents"]);

        // The mounts lived in the probe's private mount namespace only.
        Assert.Equal(tokenDirectoryOnHost, Directory.Exists(Path.GetDirectoryName(TokenPath)));
    }
}
