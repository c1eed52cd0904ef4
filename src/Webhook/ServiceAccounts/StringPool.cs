using System.Collections.Concurrent;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Shares the strings that repeat across many ServiceAccounts (namespaces, annotation keys) so 500,000 cached
/// accounts do not hold 500,000 copies of each; a value already pooled is found from its characters without
/// allocating a string. Callers pool only bounded sets (namespaces, the keys providers read), so it is never trimmed.
/// </summary>
internal sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> strings;
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> byChars;

    public StringPool()
    {
        strings = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        byChars = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => strings.Count;

    public string Intern(string value) => strings.GetOrAdd(value, value);

    public string Intern(ReadOnlySpan<char> value) => byChars.TryGetValue(value, out var pooled) ? pooled : Intern(value.ToString());
}
