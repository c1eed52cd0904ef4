using PodIdentity.Core.Text;

namespace PodIdentity.Core.Validation;

/// <summary>A ServiceAccount as providers prepare it: its namespace, name and the annotations some provider reads.</summary>
public sealed record ServiceAccountAnnotations(string Namespace, string Name, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>How messages name the ServiceAccount: <c>ServiceAccount "ns/name"</c> (each part bounded, one line).</summary>
    public string Subject => Describe(Namespace, Name);

    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    public bool Has(string key) => Values.ContainsKey(key);

    public static string Describe(string @namespace, string name) => $"ServiceAccount \"{SafeText.Value(@namespace)}/{SafeText.Value(name)}\"";
}
