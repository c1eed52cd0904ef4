using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Makes the small copy the cache keeps: uid, name, namespace and only the annotations some
/// enabled provider reads. Everything else (secrets, labels, managed fields,
/// last-applied-configuration) is dropped before it reaches the store.
/// </summary>
internal sealed class ServiceAccountTrimmer(Func<string, bool> isRelevantAnnotation)
{
    private const string DefaultName = "default";
    private readonly StringPool pool = new();

    public V1ServiceAccount Trim(V1ServiceAccount source)
    {
        var metadata = source.Metadata ?? throw new ArgumentException("ServiceAccount without metadata", nameof(source));
        var name = metadata.Name ?? throw new ArgumentException("ServiceAccount without metadata.name", nameof(source));
        return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta
            {
                Name = name == DefaultName ? DefaultName : name,
                NamespaceProperty = pool.Intern(metadata.NamespaceProperty ?? ""),
                Uid = metadata.Uid,
                Annotations = Filter(metadata.Annotations),
            },
        };
    }

    private Dictionary<string, string>? Filter(IDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return null;
        }

        Dictionary<string, string>? kept = null;
        foreach (var (key, value) in annotations)
        {
            if (isRelevantAnnotation(key))
            {
                (kept ??= new Dictionary<string, string>(2, StringComparer.Ordinal))[pool.Intern(key)] = value;
            }
        }

        kept?.TrimExcess();
        return kept;
    }
}
