using System.Collections.Concurrent;

namespace PodIdentity.Core.Patching;

/// <summary>
/// A provider's values that depend on a ServiceAccount's annotations (a role ARN's env variable, a
/// token volume with its audience and lifetime), built with their patch JSON once per distinct
/// annotation value instead of once per review. Every pod of a ServiceAccount asks for the same ones.
/// </summary>
/// <remarks>
/// Only for values that are a pure function of <typeparamref name="TKey"/>. Bounded: past
/// <see cref="Capacity"/> distinct keys it starts over, so a cluster cycling through more values than
/// that pays the building it paid before, and memory never grows with the number of ServiceAccounts.
/// </remarks>
public sealed class EncodedValueCache<TKey, TValue>(Func<TKey, TValue> build)
    where TKey : notnull
    where TValue : class
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<TKey, TValue> values = new();

    public TValue Get(TKey key)
    {
        if (values.TryGetValue(key, out var value))
        {
            return value;
        }

        if (values.Count >= Capacity)
        {
            values.Clear();
        }

        // Two reviews racing on a new key may both build it; either result is the same value.
        return values.GetOrAdd(key, build);
    }

    /// <summary>Distinct keys held now (tests).</summary>
    internal int Count => values.Count;
}
