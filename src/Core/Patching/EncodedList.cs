using System.Collections;
using System.Text.Json.Serialization.Metadata;

namespace PodIdentity.Core.Patching;

/// <summary>
/// Values a provider builds once and reuses for every pod (its mounts, fixed volumes, constant env),
/// each with its patch JSON encoded once, when the provider is built: every review then copies these
/// bytes instead of serializing the same object again for each container. Use it only for values
/// that never change once the list is made; values that depend on the ServiceAccount go in plain lists.
/// </summary>
public sealed class EncodedList<T> : IReadOnlyList<T>
    where T : class
{
    private readonly T[] values;
    private readonly byte[][] json;

    internal EncodedList(ReadOnlySpan<T> values, JsonTypeInfo<T> type)
    {
        this.values = values.ToArray();
        json = new byte[values.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            json[i] = JsonPatchWriter.Encode(values[i], type);
        }
    }

    public int Count => values.Length;

    public T this[int index] => values[index];

    /// <summary>The value at <paramref name="index"/> as the patch writer writes it.</summary>
    internal byte[] JsonAt(int index) => json[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
