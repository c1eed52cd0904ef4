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
        JsonSerializer.Serialize(writer, Envelope(response), CoreJsonContext.Default.AdmissionReview);
    }

    public static byte[] Encode(AdmissionResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(Envelope(response), CoreJsonContext.Default.AdmissionReview);
}
