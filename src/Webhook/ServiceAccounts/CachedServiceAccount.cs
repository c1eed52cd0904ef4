using System.Globalization;
using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// What the cache keeps of one ServiceAccount: namespace (shared string), name, uid (16 bytes when
/// it is a GUID, as Kubernetes uids are) and the relevant annotations. About 200 bytes a piece, a
/// third of a <see cref="V1ServiceAccount"/> object graph. The <see cref="V1ServiceAccount"/> handed
/// to mutation (which only reads it) is built on the first lookup and reused, so only accounts that
/// pods actually use pay for the full object, and a cache hit allocates nothing.
/// </summary>
internal sealed class CachedServiceAccount
{
    private readonly Guid uid;
    private readonly string? uidText;
    private readonly KeyValuePair<string, string>[]? annotations;
    private V1ServiceAccount? built;

    public CachedServiceAccount(string @namespace, string name, string? uid, KeyValuePair<string, string>[]? annotations)
    {
        Namespace = @namespace;
        Name = name;
        this.annotations = annotations;
        if (Guid.TryParseExact(uid, "D", out var parsed) && string.Equals(parsed.ToString("D"), uid, StringComparison.Ordinal))
        {
            this.uid = parsed;
        }
        else
        {
            uidText = uid;
        }
    }

    public string Namespace { get; }

    public string Name { get; }

    public string? Uid => uidText ?? (uid == Guid.Empty ? null : uid.ToString("D", CultureInfo.InvariantCulture));

    public int AnnotationCount => annotations?.Length ?? 0;

    /// <summary>The account as KubernetesClient's model; built once (a race builds two equal copies, harmlessly).</summary>
    public V1ServiceAccount ToServiceAccount() => built ??= Build();

    private V1ServiceAccount Build()
    {
        Dictionary<string, string>? copy = null;
        if (annotations is not null)
        {
            copy = new Dictionary<string, string>(annotations.Length, StringComparer.Ordinal);
            foreach (var (key, value) in annotations)
            {
                copy[key] = value;
            }
        }

        return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Uid = Uid, Annotations = copy },
        };
    }
}
