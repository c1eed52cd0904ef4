using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Mutation;

/// <summary>The merge step and a plan's own init containers (found while adding the GCP gcloud mode).</summary>
public sealed class InitContainerMergeTests
{
    [Fact]
    public void Reinvocation_DoesNotInjectThePlansOwnInitContainer()
    {
        var reviewer = new AdmissionReviewer(new PodMutator([new InitProvider()], new MutationOptions()));
        var pod = Pod("web");

        var first = reviewer.Review(Request(pod), Sa()).Response;
        var mutated = PatchApplier.Apply(pod, first.Patch);
        var setup = Assert.Single(mutated.Spec.InitContainers);
        Assert.Null(setup.Env);

        var second = reviewer.Review(Request(mutated), Sa());
        Assert.Empty(second.Result.Patch);
    }

    [Fact]
    public void NoContainerChanged_NoInitContainerVolumeOrAnnotation()
    {
        var reviewer = new AdmissionReviewer(new PodMutator([new InitProvider()], new MutationOptions()));
        var pod = Pod("web");
        pod.Metadata.Annotations = new Dictionary<string, string> { ["test/skip"] = "web" };

        var result = reviewer.Review(Request(pod), Sa()).Result;

        Assert.Equal(MutationOutcome.Skipped, result.Outcome);
        Assert.Empty(result.Patch);
    }

    private static AdmissionRequest Request(V1Pod pod) => new() { Uid = "u", Namespace = "ns", Operation = "CREATE", Object = PodModel.From(pod) };

    private static V1ServiceAccount Sa() => new() { Metadata = new V1ObjectMeta { Name = "default", NamespaceProperty = "ns" } };

    private static V1Pod Pod(string container) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = container, Image = "app:1" }] },
    };

    private sealed class InitProvider : IIdentityProvider
    {
        public string Name => "test";

        public bool ReadsServiceAccountAnnotation(string key) => false;

        public ProviderResult Plan(InjectionContext context) => ProviderResult.Inject(new InjectionPlan(Name, "test/trigger")
        {
            Volumes = [new V1Volume { Name = "shared", EmptyDir = new V1EmptyDirVolumeSource() }],
            Mounts = [new V1VolumeMount { Name = "shared", MountPath = "/shared" }],
            Env = [new EnvGroup(Env.Var("TEST_VAR", "1"))],
            PodAnnotations = new Dictionary<string, string> { ["test/injected"] = "true" },
            InitContainers = [new V1Container { Name = "setup", Image = "setup:1", VolumeMounts = [new V1VolumeMount { Name = "shared", MountPath = "/shared" }] }],
            SkipContainers = context.PodAnnotations.TryGetValue("test/skip", out var skip) ? new HashSet<string> { skip } : new HashSet<string>(),
        });
    }
}
