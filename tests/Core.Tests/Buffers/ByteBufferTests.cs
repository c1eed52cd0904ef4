using System.Text;
using System.Text.Json;
using PodIdentity.Core.Buffers;

namespace PodIdentity.Core.Tests.Buffers;

public sealed class ByteBufferTests
{
    [Fact]
    public void Appends_past_the_first_capacity_keep_every_byte()
    {
        var buffer = new ByteBuffer(4);

        buffer.Write("abc"u8);
        buffer.Write((byte)'d');
        buffer.Write((byte)'e');
        buffer.Write("fghijklmnop"u8);

        Assert.Equal("abcdefghijklmnop", Encoding.ASCII.GetString(buffer.WrittenSpan));
        Assert.True(buffer.Capacity >= 16);
    }

    [Fact]
    public void Copying_written_bytes_works_when_the_copy_makes_it_grow()
    {
        var buffer = new ByteBuffer(8);
        buffer.Write("01234567"u8);

        buffer.CopyWritten(2, 5);
        buffer.CopyWritten(0, 13);

        Assert.Equal("0123456723456" + "0123456723456", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Utf8JsonWriter_writes_through_it_across_growth()
    {
        var buffer = new ByteBuffer(4);
        buffer.Write("xy"u8);
        var value = new string('v', 1000);

        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        Assert.Equal("xy\"" + value + "\"", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Advance_past_what_was_handed_out_is_refused_and_clear_starts_over()
    {
        var buffer = new ByteBuffer(4);
        var span = buffer.GetSpan(2);
        span[0] = (byte)'a';
        buffer.Advance(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(buffer.Capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Equal("a", Encoding.ASCII.GetString(buffer.WrittenSpan));

        buffer.Clear();
        Assert.Equal(0, buffer.Length);
    }
}
