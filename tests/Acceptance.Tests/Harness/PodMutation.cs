using System.Text;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.JsonPatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Pods;
using PodIdentity.Manifests;
using PodIdentity.Webhook.Mutation;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// The real mutation, as <c>preview</c> runs it: providers built from configuration by the server's own
/// <see cref="MutationServiceCollectionExtensions.AddPodMutation"/>, one <see cref="AdmissionReviewer.Review"/>,
/// and the patch applied with an independent RFC 6902 implementation (Microsoft.AspNetCore.JsonPatch).
/// </summary>
internal static class PodMutation
{
    public static MutatedPod Run(string podYaml, string serviceAccountYaml, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var pod = KubernetesManifest.Deserialize<V1Pod>(podYaml);
        var serviceAccount = KubernetesManifest.Deserialize<V1ServiceAccount>(serviceAccountYaml);

        // No command line and no host environment variables as configuration: only the webhook's
        // appsettings.json (copied next to the tests, as preview reads it next to itself) and the test's settings.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Services.AddPodMutation();
        using var host = builder.Build();
        var reviewer = host.Services.GetRequiredService<AdmissionReviewer>();
        var mutator = host.Services.GetRequiredService<PodMutator>();

        var ns = pod.Metadata?.NamespaceProperty ?? serviceAccount.Metadata?.NamespaceProperty ?? "default";
        var request = AdmissionCodec.DecodeCreate(pod, ns, "acceptance");

        // Prepared as the webhook's cache prepares it when the watch delivers it.
        var response = reviewer.Review(request, mutator.Prepare(ns, serviceAccount.Metadata?.Name ?? request.Object!.ServiceAccount, serviceAccount.Metadata?.Annotations)).Response!;
        if (!response.Allowed)
        {
            throw new InvalidOperationException($"the webhook denied the pod: {response.Status?.Message}");
        }

        return new MutatedPod(Apply(pod, response.Patch), serviceAccount, ns, response.Warnings ?? []);
    }

    private static V1Pod Apply(V1Pod pod, byte[]? patch)
    {
        var document = JObject.Parse(KubernetesJson.Serialize(pod));
        if (patch is not null)
        {
            JsonConvert.DeserializeObject<JsonPatchDocument>(Encoding.UTF8.GetString(patch))!.ApplyTo(document);
        }

        return KubernetesJson.Deserialize<V1Pod>(document.ToString(Formatting.None));
    }
}
