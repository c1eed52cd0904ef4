using k8s.Models;
using PodIdentity.Manifests;
using YamlDotNet.RepresentationModel;

namespace PodIdentity.Core.Tests.Support;

/// <summary>
/// One golden fixture file: configuration, namespace, ServiceAccount, pod in; and either the
/// expected pod plus warnings, or the exact denial message.
/// </summary>
public sealed record GoldenCase(
    string Name,
    string Description,
    IReadOnlyDictionary<string, string?> Config,
    string Namespace,
    V1ServiceAccount? ServiceAccount,
    V1Pod Pod,
    bool ExpectAllowed,
    V1Pod? ExpectedPod,
    string? ExpectedMessage,
    IReadOnlyList<string> ExpectedWarnings)
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<object[]> In(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { Path.Combine(folder, Path.GetFileName(path)) });

    public static GoldenCase Load(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Root, relativePath)))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var expect = (YamlMappingNode)root["expect"];
        var config = root.Children.TryGetValue("config", out var configNode)
            ? ((YamlMappingNode)configNode).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value)
            : [];
        var serviceAccountNode = root["serviceAccount"];
        return new GoldenCase(
            relativePath,
            Scalar(root, "description") ?? "",
            config,
            Scalar(root, "namespace") ?? "default",
            serviceAccountNode is YamlScalarNode ? null : Typed<V1ServiceAccount>(serviceAccountNode),
            Typed<V1Pod>(root["pod"]),
            Scalar(expect, "allowed") != "false",
            expect.Children.TryGetValue("pod", out var expectedPod) ? Typed<V1Pod>(expectedPod) : null,
            Scalar(expect, "message"),
            expect.Children.TryGetValue("warnings", out var warnings)
                ? [.. ((YamlSequenceNode)warnings).Children.Select(w => ((YamlScalarNode)w).Value!)]
                : []);
    }

    public override string ToString() => Name;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>Re-emit the sub-tree and read it as the webhook's preview reads manifests.</summary>
    private static T Typed<T>(YamlNode node)
    {
        var document = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        document.Save(writer, assignAnchors: false);
        return KubernetesManifest.Deserialize<T>(writer.ToString());
    }
}
