using System.Buffers;
using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Serialization;

namespace PodIdentity.Core.Admission;

/// <summary>Decoding (one <see cref="System.Text.Json.Utf8JsonReader"/> pass) and encoding of AdmissionReview v1.</summary>
public static class AdmissionCodec
{
    /// <summary>
    /// Decodes for mutation: the pod holds only what mutation reads (see <see cref="AdmissionReviewReader"/>).
    /// Null for a JSON <c>null</c> body; throws <see cref="JsonException"/> for unreadable JSON.
    /// </summary>
    public static AdmissionReview? Decode(ReadOnlySpan<byte> utf8) => AdmissionReviewReader.Read(utf8);

    /// <summary>
    /// A pod that did not come in a review (preview's file, the demo's example, a test's model) as the server would
    /// read it in a CREATE review: wrapped in one and decoded by <see cref="Decode"/>, so there is one decoder and
    /// one rule for null elements (<see cref="AdmissionRequest.ObjectProblem"/>).
    /// </summary>
    public static AdmissionRequest DecodeCreate(V1Pod pod, string? @namespace, string uid) =>
        Decode(CreateReview(pod, @namespace, uid))!.Request!;

    /// <summary>A CREATE review of <paramref name="pod"/> as the API server sends one (also the demo's sample review).</summary>
    public static byte[] CreateReview(V1Pod pod, string? @namespace, string uid)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", AdmissionReview.V1);
            writer.WriteString("kind", "AdmissionReview");
            writer.WriteStartObject("request");
            writer.WriteString("uid", uid);
            WriteGroupVersion(writer, "kind", "Pod");
            WriteGroupVersion(writer, "resource", "pods");
            writer.WriteString("name", pod.Metadata?.Name);
            writer.WriteString("namespace", @namespace);
            writer.WriteString("operation", "CREATE");
            writer.WritePropertyName("object");
            JsonSerializer.Serialize(writer, pod, CoreJsonContext.Default.V1Pod);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }

    private static void WriteGroupVersion(Utf8JsonWriter writer, string property, string value)
    {
        writer.WriteStartObject(property);
        writer.WriteString("group", "");
        writer.WriteString("version", "v1");
        writer.WriteString(property, value);
        writer.WriteEndObject();
    }

    public static void Encode(IBufferWriter<byte> output, AdmissionResponse response)
    {
        using var writer = new Utf8JsonWriter(output);
        AdmissionResponseWriter.Write(writer, response);
    }

    /// <summary>Encodes into a per-thread buffer and writer and copies out once: a response allocates only its bytes.</summary>
    public static byte[] Encode(AdmissionResponse response) => EncodeToThreadBuffer(response).ToArray();

    /// <summary>
    /// Encodes into this thread's buffer and returns its bytes, which stay valid only until the next
    /// encode on this thread: copy them out (e.g. into the response's PipeWriter) before any await.
    /// Saves the response's own byte array, about 3 KB per review.
    /// </summary>
    public static ReadOnlySpan<byte> EncodeToThreadBuffer(AdmissionResponse response)
    {
        var output = encodeBuffer;
        if (output is null || output.Capacity > 64 * 1024)
        {
            // The first use on this thread, or the last response had huge warnings: such a buffer must not stay pinned to the thread for ever.
            output = encodeBuffer = new ArrayBufferWriter<byte>(4096);
            encodeWriter = null;
        }

        output.ResetWrittenCount();
        var writer = encodeWriter ??= new Utf8JsonWriter(output);
        writer.Reset(output);
        AdmissionResponseWriter.Write(writer, response);
        writer.Flush();
        return output.WrittenSpan;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? encodeBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? encodeWriter;
}
