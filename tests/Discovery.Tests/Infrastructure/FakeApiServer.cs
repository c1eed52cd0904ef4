using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PodIdentity.Discovery.Tests.Infrastructure;

/// <summary>
/// An in-process stand-in for the API server's two issuer endpoints, reached by the real
/// KubernetesClient through a kubeconfig. Keys rotate on demand; it can fail with 500 or go away.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly List<TestKey> _keys = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("fake-apiserver-").FullName;
    private WebApplication? _app;
    private int _port;

    private FakeApiServer(string issuer)
    {
        Issuer = issuer;
        JwksUri = issuer.TrimEnd('/') + "/openid/v1/jwks";
        _keys.Add(new TestKey());
    }

    public string Issuer { get; set; }
    public string JwksUri { get; set; }
    public bool Fail500 { get; set; }
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Lets a test break the documents in a specific way.</summary>
    public Action<JsonObject, JsonObject>? Mutate { get; set; }

    public IReadOnlyList<TestKey> Keys => _keys;
    public TestKey CurrentKey => _keys[^1];
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public static async Task<FakeApiServer> StartAsync(string issuer)
    {
        var server = new FakeApiServer(issuer);
        await server.StartAsync(0);
        return server;
    }

    /// <summary>Like the API server after a rotation: the new key signs, the old one is gone.</summary>
    public TestKey Rotate()
    {
        var old = _keys[0];
        _keys.Clear();
        _keys.Add(new TestKey());
        old.Dispose();
        return _keys[0];
    }

    public string DiscoveryJson() => Documents().Discovery.ToJsonString();

    public string JwksJson() => Documents().Jwks.ToJsonString();

    public (JsonObject Discovery, JsonObject Jwks) Documents()
    {
        var discovery = new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = JwksUri,
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        };
        var jwks = new JsonObject { ["keys"] = new JsonArray([.. _keys.Select(k => (JsonNode)k.Jwk())]) };
        Mutate?.Invoke(discovery, jwks);
        return (discovery, jwks);
    }

    /// <summary>Connection refused: the port closes until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public Task RestartAsync() => StartAsync(_port);

    private async Task StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Respond(Documents().Discovery, "application/json"));
        app.MapGet("/openid/v1/jwks", () => Respond(Documents().Jwks, "application/jwk-set+json"));
        await app.StartAsync();
        _port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _app = app;
        await File.WriteAllTextAsync(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: http://127.0.0.1:{_port}
            users:
            - name: discovery
              user:
                token: fake-service-account-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: discovery
            current-context: fake
            """);
    }

    private IResult Respond(JsonObject document, string contentType)
    {
        Interlocked.Increment(ref _requests);
        return Fail500
            ? Results.Text("""{"kind":"Status","status":"Failure","code":500}""", "application/json", statusCode: 500)
            : Results.Text(document.ToJsonString(), contentType);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
