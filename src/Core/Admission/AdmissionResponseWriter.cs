using System.Text.Json;

namespace PodIdentity.Core.Admission;

/// <summary>
/// Writes the AdmissionReview envelope around a response directly with <see cref="Utf8JsonWriter"/>:
/// the same bytes the source-generated serializer writes (property order, nulls left out, default
/// escaping), without its metadata walk, which under Native AOT runs through shared generic code.
/// <c>AdmissionResponseWriterTests</c> compares the two byte for byte.
/// </summary>
internal static class AdmissionResponseWriter
{
    public static void Write(Utf8JsonWriter writer, AdmissionResponse response)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, AdmissionReview.V1);
        writer.WriteString("kind"u8, "AdmissionReview"u8);
        writer.WriteStartObject("response"u8);
        writer.WriteString("uid"u8, response.Uid);
        writer.WriteBoolean("allowed"u8, response.Allowed);
        if (response.Status is { } status)
        {
            writer.WriteStartObject("status"u8);
            if (status.Code is { } code)
            {
                writer.WriteNumber("code"u8, code);
            }

            WriteIfPresent(writer, "message"u8, status.Message);
            WriteIfPresent(writer, "reason"u8, status.Reason);
            writer.WriteEndObject();
        }

        if (response.Patch is { } patch)
        {
            writer.WriteBase64String("patch"u8, patch);
        }

        WriteIfPresent(writer, "patchType"u8, response.PatchType);
        if (response.Warnings is { } warnings)
        {
            writer.WriteStartArray("warnings"u8);
            for (var i = 0; i < warnings.Count; i++)
            {
                writer.WriteStringValue(warnings[i]);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
