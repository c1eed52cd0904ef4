using System.Buffers;
using System.Text.Json;

namespace PodIdentity.Core.Admission;

/// <summary>Decoding and encoding of AdmissionReview v1 with the source-generated context.</summary>
public static class AdmissionCodec
{
    /// <summary>
    /// Decodes for mutation: the pod holds only what mutation reads (see <see cref="AdmissionDecodeContext"/>).
    /// Throws <see cref="JsonException"/> for unreadable JSON.
    /// </summary>
    public static AdmissionReview? Decode(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, AdmissionDecodeContext.Default.AdmissionReview);

    public static AdmissionReview Envelope(AdmissionResponse response) =>
        new() { ApiVersion = AdmissionReview.V1, Kind = "AdmissionReview", Response = response };

    public static void Encode(IBufferWriter<byte> output, AdmissionResponse response)
    {
        using var writer = new Utf8JsonWriter(output);
        AdmissionResponseWriter.Write(writer, response);
    }

    public static byte[] Encode(AdmissionResponse response)
    {
        var output = EncodeBuffer ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        Encode(output, response);
        return output.WrittenSpan.ToArray();
    }

    // One per thread: the response is copied out before the thread can encode another.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? EncodeBuffer;
}
