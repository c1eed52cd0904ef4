using System.Buffers;
using System.Text.Json;

namespace PodIdentity.Core.Admission;

/// <summary>Decoding (hand-written reader) and encoding (source-generated context) of AdmissionReview v1.</summary>
public static class AdmissionCodec
{
    /// <summary>
    /// Decodes for mutation: the pod holds only what mutation reads (see <see cref="AdmissionReviewReader"/>).
    /// Null for a JSON <c>null</c> body; throws <see cref="JsonException"/> for unreadable JSON.
    /// </summary>
    public static AdmissionReview? Decode(ReadOnlySpan<byte> utf8) => AdmissionReviewReader.Read(utf8);

    public static AdmissionReview Envelope(AdmissionResponse response) =>
        new() { ApiVersion = AdmissionReview.V1, Kind = "AdmissionReview", Response = response };

    public static void Encode(IBufferWriter<byte> output, AdmissionResponse response)
    {
        using var writer = new Utf8JsonWriter(output);
        AdmissionResponseWriter.Write(writer, response);
    }

    /// <summary>Encodes into a per-thread buffer and writer and copies out once: a response allocates only its bytes.</summary>
    public static byte[] Encode(AdmissionResponse response)
    {
        var output = encodeBuffer ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        var writer = encodeWriter ??= new Utf8JsonWriter(output);
        writer.Reset(output);
        AdmissionResponseWriter.Write(writer, response);
        writer.Flush();
        var bytes = output.WrittenSpan.ToArray();
        if (output.Capacity > 64 * 1024)
        {
            // A response with huge warnings must not pin a huge buffer to the thread for ever.
            encodeBuffer = null;
            encodeWriter = null;
        }

        return bytes;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? encodeBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? encodeWriter;
}
