using k8s.Models;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// Random pods in the full model: every field mutation reads absent, empty or filled (strings with escapes and
/// non-ASCII text), beside fields it skips (images, probes, resources, valueFrom), but never a null element.
/// </summary>
internal static class RandomPods
{
    private static readonly string[] Texts = ["web", "", "a\"b\\c", "caf\u00e9", "\ud83d\ude00", "line\nbreak", "/var/run/secrets/kubernetes.io/serviceaccount", "<tag>&'"];

    public static V1Pod Pod(Random random) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = Maybe(random, () => new V1ObjectMeta
        {
            Name = Text(random),
            GenerateName = Text(random),
            NamespaceProperty = Text(random),
            Annotations = Map(random),
            Labels = Maybe(random, () => random.Next(2) == 0
                ? Map(random) ?? []
                : new Dictionary<string, string> { ["azure.workload.identity/use"] = "true", ["app"] = "web" }),
            ResourceVersion = Text(random),
        }),
        Spec = Maybe(random, () => new V1PodSpec
        {
            ServiceAccountName = Text(random),
            NodeSelector = Map(random),
            Containers = Containers(random)!,
            InitContainers = Containers(random),
            Volumes = List(random, () => new V1Volume { Name = Text(random)!, EmptyDir = new V1EmptyDirVolumeSource() }),
            Hostname = Text(random),
        }),
        Status = new V1PodStatus { Phase = "Pending" },
    };

    private static List<V1Container>? Containers(Random random) => List(random, () => new V1Container
    {
        Name = Text(random),
        Image = "registry.example.com/app:1",
        Env = List(random, () => random.Next(3) == 0
            ? new V1EnvVar { Name = Text(random), ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } }
            : new V1EnvVar { Name = Text(random), Value = Text(random) }),
        VolumeMounts = List(random, () => new V1VolumeMount { Name = Text(random), MountPath = Text(random), ReadOnlyProperty = true }),
        LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = 8080 } },
    });

    private static List<T>? List<T>(Random random, Func<T> item) =>
        Maybe(random, () => Enumerable.Range(0, random.Next(4)).Select(_ => item()).ToList());

    private static Dictionary<string, string>? Map(Random random) =>
        Maybe(random, () => Enumerable.Range(0, random.Next(4)).Select(i => (Key: $"k{i}.example.com/{Text(random)}", Value: Text(random) ?? ""))
            .ToDictionary(e => e.Key, e => e.Value));

    private static string? Text(Random random) => random.Next(5) == 0 ? null : Texts[random.Next(Texts.Length)];

    private static T? Maybe<T>(Random random, Func<T> make)
        where T : class => random.Next(5) == 0 ? null : make();
}
