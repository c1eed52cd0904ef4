using System.Text.Json.Serialization.Metadata;

namespace PodIdentity.Core.Patching;

/// <summary>
/// Where in the patch each distinct value was first written, so that the same object written again
/// (the same env variable or mount for every container) is copied instead of serialized again.
/// Keyed by reference and type information: two equal but distinct objects are serialized apart.
/// </summary>
internal sealed class PatchValueMemo
{
    // A patch has few distinct values (a plan's env, mounts and volumes); a linear scan of references beats hashing.
    // Values past this many are serialized every time: correct, only slower.
    internal const int Capacity = 32;

    private readonly Entry[] entries = new Entry[Capacity];
    private int count;

    public bool TryFind(object value, JsonTypeInfo type, out int start, out int length)
    {
        for (var i = 0; i < count; i++)
        {
            ref readonly var entry = ref entries[i];
            if (ReferenceEquals(entry.Value, value) && ReferenceEquals(entry.Type, type))
            {
                start = entry.Start;
                length = entry.Length;
                return true;
            }
        }

        start = 0;
        length = 0;
        return false;
    }

    public void Add(object value, JsonTypeInfo type, int start, int length)
    {
        if (count < Capacity)
        {
            entries[count++] = new Entry(value, type, start, length);
        }
    }

    /// <summary>Forgets the values, so a thread's memo does not keep a finished review's objects alive.</summary>
    public void Clear()
    {
        Array.Clear(entries, 0, count);
        count = 0;
    }

    private readonly record struct Entry(object Value, JsonTypeInfo Type, int Start, int Length);
}
