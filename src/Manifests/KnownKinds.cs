using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace PodIdentity.Manifests;

/// <summary>
/// The kinds this project reads from manifests, by apiVersion and kind. KubernetesClient found every
/// model type by reflection; a short explicit list keeps trimming able to drop the rest.
/// </summary>
internal static class KnownKinds
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Entry> Entries = new[]
    {
        Entry.For<V1Pod>("v1", "Pod"),
        Entry.For<V1ServiceAccount>("v1", "ServiceAccount"),
        Entry.For<V1ConfigMap>("v1", "ConfigMap"),
        Entry.For<V1Secret>("v1", "Secret"),
        Entry.For<V1Namespace>("v1", "Namespace"),
        Entry.For<V1Service>("v1", "Service"),
        Entry.For<V1Deployment>("apps/v1", "Deployment"),
        Entry.For<V1DaemonSet>("apps/v1", "DaemonSet"),
        Entry.For<V1StatefulSet>("apps/v1", "StatefulSet"),
        Entry.For<V1Job>("batch/v1", "Job"),
        Entry.For<V1CronJob>("batch/v1", "CronJob"),
        Entry.For<V1Ingress>("networking.k8s.io/v1", "Ingress"),
        Entry.For<V1Role>("rbac.authorization.k8s.io/v1", "Role"),
        Entry.For<V1RoleBinding>("rbac.authorization.k8s.io/v1", "RoleBinding"),
        Entry.For<V1ClusterRole>("rbac.authorization.k8s.io/v1", "ClusterRole"),
        Entry.For<V1ClusterRoleBinding>("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
        Entry.For<V1MutatingWebhookConfiguration>("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"),
    }.ToDictionary(e => (e.ApiVersion, e.Kind));

    public static Entry? Find(string? apiVersion, string? kind) =>
        apiVersion is not null && kind is not null && Entries.TryGetValue((apiVersion, kind), out var entry) ? entry : null;

    /// <summary>One model type and how to read it; the generic reader keeps KubernetesJson on its source-generated path.</summary>
    internal sealed record Entry(string ApiVersion, string Kind, Type Type, Func<JsonNode, IKubernetesObject> Read)
    {
        public static Entry For<T>(string apiVersion, string kind)
            where T : IKubernetesObject =>
            new(apiVersion, kind, typeof(T), node => KubernetesJson.Deserialize<T>(node));
    }
}
