using System.Buffers;
using System.Runtime.CompilerServices;

namespace PodIdentity.Core.Patching;

/// <summary>
/// The patch writer's growable byte buffer. Most of a patch is appended as known bytes, many small
/// copies per operation; as a sealed class of this assembly they are plain inlined copies, where
/// ArrayBufferWriter's GetSpan/Advance are calls into another assembly each time under Native AOT.
/// Utf8JsonWriter writes into it through <see cref="IBufferWriter{T}"/> for what must be serialized.
/// </summary>
internal sealed class PatchBuffer(int capacity) : IBufferWriter<byte>
{
    private byte[] bytes = new byte[capacity];
    private int count;

    public int Count => count;

    public int Capacity => bytes.Length;

    public ReadOnlySpan<byte> Written => bytes.AsSpan(0, count);

    public void Clear() => count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte value)
    {
        if (count == bytes.Length)
        {
            Grow(1);
        }

        bytes[count++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> value)
    {
        if (value.Length > bytes.Length - count)
        {
            Grow(value.Length);
        }

        value.CopyTo(bytes.AsSpan(count));
        count += value.Length;
    }

    /// <summary>Appends bytes already written at <paramref name="start"/>.</summary>
    public void AppendWritten(int start, int length)
    {
        if (length > bytes.Length - count)
        {
            Grow(length);
        }

        bytes.AsSpan(start, length).CopyTo(bytes.AsSpan(count));
        count += length;
    }

    public void Advance(int written)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(written);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(written, bytes.Length - count);
        count += written;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return bytes.AsMemory(count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return bytes.AsSpan(count);
    }

    private void Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (needed > bytes.Length - count)
        {
            Grow(needed);
        }
    }

    private void Grow(int needed)
    {
        var size = Math.Max(bytes.Length * 2, count + needed);
        Array.Resize(ref bytes, size);
    }
}
