using System.Globalization;
using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// What the cache keeps of one ServiceAccount: namespace (shared string), name, uid (16 bytes when
/// it is a GUID, as Kubernetes uids are) and the relevant annotations. About 200 bytes a piece, a
/// third of a <see cref="V1ServiceAccount"/> object graph; each lookup gets its own fresh
/// <see cref="V1ServiceAccount"/>, so no request can change what another one sees.
/// </summary>
internal sealed class CachedServiceAccount
{
    private readonly Guid uid;
    private readonly string? uidText;
    private readonly KeyValuePair<string, string>[]? annotations;

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

    public V1ServiceAccount ToServiceAccount()
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
