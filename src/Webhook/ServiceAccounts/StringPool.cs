using System.Collections.Concurrent;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Shares the strings that repeat across many ServiceAccounts (namespaces, annotation keys, the
/// name "default") so 50,000 cached accounts do not hold 50,000 copies of each. Bounded by the
/// number of distinct namespaces and relevant keys, so it is never trimmed.
/// </summary>
internal sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> strings = new(StringComparer.Ordinal);

    public string Intern(string value) => strings.GetOrAdd(value, value);

    public int Count => strings.Count;
}
