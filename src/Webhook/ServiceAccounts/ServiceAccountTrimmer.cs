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

    public CachedServiceAccount Trim(V1ServiceAccount source)
    {
        var metadata = source.Metadata ?? throw new ArgumentException("ServiceAccount without metadata", nameof(source));
        var name = metadata.Name ?? throw new ArgumentException("ServiceAccount without metadata.name", nameof(source));
        return new CachedServiceAccount(
            pool.Intern(metadata.NamespaceProperty ?? ""),
            name == DefaultName ? DefaultName : name,
            metadata.Uid,
            Filter(metadata.Annotations));
    }

    private KeyValuePair<string, string>[]? Filter(IDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return null;
        }

        List<KeyValuePair<string, string>>? kept = null;
        foreach (var (key, value) in annotations)
        {
            if (isRelevantAnnotation(key))
            {
                (kept ??= new List<KeyValuePair<string, string>>(2)).Add(KeyValuePair.Create(pool.Intern(key), value));
            }
        }

        return kept?.ToArray();
    }
}
