using System.Buffers;
using System.Runtime.CompilerServices;

namespace PodIdentity.Core.Buffers;

/// <summary>
/// A growable byte buffer for output built mostly from known bytes, many small copies at a time: the
/// patch writer's operations and the log sink's UTF-8 lines. Its appends are plain inlined copies,
/// where ArrayBufferWriter's GetSpan/Advance are a call each. Utf8JsonWriter writes into it through
/// <see cref="IBufferWriter{T}"/>. Unlike ArrayBufferWriter it can cut back what was written
/// (<see cref="Truncate"/>: a log line that failed half-way) and shrink after a huge use. Not thread-safe.
/// </summary>
public sealed class ByteBuffer(int initialCapacity) : IBufferWriter<byte>
{
    private byte[] bytes = new byte[Math.Max(initialCapacity, 256)];

    public int Length { get; private set; }

    public int Capacity => bytes.Length;

    public ReadOnlySpan<byte> WrittenSpan => bytes.AsSpan(0, Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte value)
    {
        if (Length == bytes.Length)
        {
            Grow(1);
        }

        bytes[Length++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> value)
    {
        if (value.Length > bytes.Length - Length)
        {
            Grow(value.Length);
        }

        value.CopyTo(bytes.AsSpan(Length));
        Length += value.Length;
    }

    /// <summary>Appends bytes already written at <paramref name="start"/> (valid even when the copy makes it grow).</summary>
    public void CopyWritten(int start, int length)
    {
        if (length > bytes.Length - Length)
        {
            Grow(length);
        }

        bytes.AsSpan(start, length).CopyTo(bytes.AsSpan(Length));
        Length += length;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, bytes.Length - Length);
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return bytes.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return bytes.AsSpan(Length);
    }

    /// <summary>Drops everything after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = Math.Min(length, Length);

    public void Clear() => Length = 0;

    /// <summary>Empties the buffer; one that grew past four times <paramref name="keepCapacity"/> shrinks back to it.</summary>
    public void Clear(int keepCapacity)
    {
        Length = 0;
        if (bytes.Length > keepCapacity * 4)
        {
            bytes = new byte[keepCapacity];
        }
    }

    private void Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (needed > bytes.Length - Length)
        {
            Grow(needed);
        }
    }

    private void Grow(int needed)
    {
        var required = (long)Length + needed;
        var size = Math.Max(required, (long)bytes.Length * 2);
        if (size > Array.MaxLength)
        {
            size = required <= Array.MaxLength ? Array.MaxLength : throw new InvalidOperationException("buffer too large");
        }

        Array.Resize(ref bytes, (int)size);
    }
}
