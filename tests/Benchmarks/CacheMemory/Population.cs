using System.Globalization;
using PodIdentity.Webhook.Tests.FakeApiServer;

namespace PodIdentity.Benchmarks.CacheMemory;

/// <summary>
/// A realistic cluster: 25 ServiceAccounts per namespace (one of them "default"); about a third
/// carry an IRSA role (the annotation the cache keeps); the rest carry what kubectl and Helm leave
/// behind (last-applied-configuration, release annotations), which the cache drops.
/// </summary>
internal static class Population
{
    public static void Seed(FakeApiServer server, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var ns = $"ns-{i / 25:D4}";
            var name = i % 25 == 0 ? "default" : $"workload-{i:D5}-sa";
            server.Add(ns, name, Annotations(i, ns, name));
        }
    }

    private static Dictionary<string, string> Annotations(int i, string ns, string name)
    {
        if (i % 3 == 0)
        {
            return new Dictionary<string, string>
            {
                ["eks.amazonaws.com/role-arn"] = $"arn:aws:iam::111122223333:role/{ns}-{name}",
            };
        }

        var lastApplied = string.Create(CultureInfo.InvariantCulture, $$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"annotations":{"meta.helm.sh/release-name":"{{{ns}}}-release","meta.helm.sh/release-namespace":"{{{ns}}}"},"labels":{"app.kubernetes.io/managed-by":"Helm","app.kubernetes.io/name":"{{{name}}}"},"name":"{{{name}}}","namespace":"{{{ns}}}"}}""");
        return new Dictionary<string, string>
        {
            ["kubectl.kubernetes.io/last-applied-configuration"] = lastApplied,
            ["meta.helm.sh/release-name"] = $"{ns}-release",
            ["meta.helm.sh/release-namespace"] = ns,
        };
    }
}
