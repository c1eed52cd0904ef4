namespace PodIdentity.Webhook.Tests.Support;

/// <summary>A kubeconfig file for one API server (token auth), deleted on dispose.</summary>
internal sealed class Kubeconfig : IDisposable
{
    public Kubeconfig(string server)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(Path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {server}
            users:
            - name: webhook
              user:
                token: test-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: webhook
            current-context: fake
            """);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
