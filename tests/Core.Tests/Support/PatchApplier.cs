using System.Text;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.JsonPatch;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PodIdentity.Core.Tests.Support;

/// <summary>Applies our patch with an independent RFC 6902 implementation (Microsoft.AspNetCore.JsonPatch).</summary>
public static class PatchApplier
{
    public static V1Pod Apply(V1Pod pod, byte[]? patch)
    {
        var document = JObject.Parse(KubernetesJson.Serialize(pod));
        if (patch is not null)
        {
            var operations = JsonConvert.DeserializeObject<JsonPatchDocument>(Encoding.UTF8.GetString(patch))!;
            operations.ApplyTo(document);
        }

        return KubernetesJson.Deserialize<V1Pod>(document.ToString(Formatting.None));
    }

    /// <summary>Pretty JSON in model order, so a failing comparison shows a readable diff.</summary>
    public static string Canonical(V1Pod pod) =>
        JToken.Parse(KubernetesJson.Serialize(pod)).ToString(Formatting.Indented);
}
