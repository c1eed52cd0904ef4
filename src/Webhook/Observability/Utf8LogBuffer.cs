namespace PodIdentity.Webhook.Observability;

/// <summary>
/// A growable byte buffer that log lines are formatted into as UTF-8 and that is then written to
/// the output as it is. Not thread-safe: its owner (<see cref="BufferedStdoutSink"/>) holds a lock.
/// </summary>
internal sealed class Utf8LogBuffer(int initialCapacity)
{
    private byte[] _bytes = new byte[Math.Max(initialCapacity, 256)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _bytes.AsMemory(0, Length);

    /// <summary>Room for at least <paramref name="sizeHint"/> bytes after what is written.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_bytes.Length - Length < sizeHint)
        {
            Grow(sizeHint);
        }

        return _bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Write(byte value)
    {
        if (Length == _bytes.Length)
        {
            Grow(1);
        }

        _bytes[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_bytes.Length - Length < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Drops everything after the first <paramref name="length"/> bytes (a line that failed half-way).</summary>
    public void Truncate(int length) => Length = Math.Min(length, Length);

    /// <summary>Empties the buffer; one that grew past <paramref name="keepCapacity"/> for a huge line shrinks back.</summary>
    public void Clear(int keepCapacity)
    {
        Length = 0;
        if (_bytes.Length > keepCapacity * 4)
        {
            _bytes = new byte[keepCapacity];
        }
    }

    private void Grow(int sizeHint)
    {
        var needed = (long)Length + sizeHint;
        var size = Math.Max(needed, (long)_bytes.Length * 2);
        if (size > Array.MaxLength)
        {
            size = needed <= Array.MaxLength ? Array.MaxLength : throw new InvalidOperationException("log line too large");
        }

        Array.Resize(ref _bytes, (int)size);
    }
}
