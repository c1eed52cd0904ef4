using System.Text;
using System.Text.Json;
using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Tests.Patching;

public sealed class PatchBufferTests
{
    [Fact]
    public void Appends_past_the_first_capacity_keep_every_byte()
    {
        var buffer = new PatchBuffer(4);

        buffer.Append("abc"u8);
        buffer.Append((byte)'d');
        buffer.Append((byte)'e');
        buffer.Append("fghijklmnop"u8);

        Assert.Equal("abcdefghijklmnop", Encoding.ASCII.GetString(buffer.Written));
        Assert.True(buffer.Capacity >= 16);
    }

    [Fact]
    public void Copying_written_bytes_works_when_the_copy_makes_it_grow()
    {
        var buffer = new PatchBuffer(8);
        buffer.Append("01234567"u8);

        buffer.AppendWritten(2, 5);
        buffer.AppendWritten(0, 13);

        Assert.Equal("0123456723456" + "0123456723456", Encoding.ASCII.GetString(buffer.Written));
    }

    [Fact]
    public void Utf8JsonWriter_writes_through_it_across_growth()
    {
        var buffer = new PatchBuffer(4);
        buffer.Append("xy"u8);
        var value = new string('v', 1000);

        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        Assert.Equal("xy\"" + value + "\"", Encoding.ASCII.GetString(buffer.Written));
    }

    [Fact]
    public void Advance_past_what_was_handed_out_is_refused_and_clear_starts_over()
    {
        var buffer = new PatchBuffer(4);
        var span = buffer.GetSpan(2);
        span[0] = (byte)'a';
        buffer.Advance(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(buffer.Capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Equal("a", Encoding.ASCII.GetString(buffer.Written));

        buffer.Clear();
        Assert.Equal(0, buffer.Count);
    }
}
