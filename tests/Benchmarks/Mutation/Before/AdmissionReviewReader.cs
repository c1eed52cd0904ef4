using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Benchmarks.Before;

/// <summary>
/// Decodes an AdmissionReview for mutation in one pass over the body (<see cref="AdmissionReviewReader{TCursor}"/>)
/// with its own cursor (<see cref="JsonScanCursor"/>); a body that cursor rejects is read again with
/// <see cref="Utf8JsonReader"/>, token by token, so that errors, and their line and byte position, are exactly the reader's.
/// <para>
/// The pod is deliberately partial: only what mutation and the handler read is materialized, the
/// rest is skipped unread. Read are <c>metadata</c> name, generateName, namespace, annotations and the labels
/// providers read (<see cref="ProviderLabels"/>);
/// <c>spec</c> serviceAccountName, nodeSelector, containers, initContainers and volumes (name only);
/// for each container its name, env (name and value) and volumeMounts (name and mountPath). Never
/// re-serialize these pods. <c>DecodedPodEquivalenceTests</c> proves the patch is byte-identical to
/// the full model's.
/// </para>
/// <para>
/// Semantics follow <see cref="JsonSerializer"/> with default options for the fields read: property
/// names are case-sensitive and may be escaped, the last of duplicate properties wins, JSON null gives
/// null (also for list elements and map values), unknown properties are skipped, and the whole body
/// must be one well-formed JSON value (at most 64 levels deep). A value of the wrong type is a
/// <see cref="JsonException"/> naming its path, like the serializer's.
/// </para>
/// </summary>
internal static class AdmissionReviewReader
{
    /// <summary>
    /// Pod labels a provider reads; every other label is skipped unread. Azure workload identity selects pods by
    /// this label, as Azure's own webhook configuration does.
    /// </summary>
    internal static readonly string[] ProviderLabels = [PodIdentity.Core.Providers.Azure.AzureWorkloadIdentity.UseLabel];

    private static readonly byte[][] ProviderLabelsUtf8 = [.. ProviderLabels.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The label's key when a provider reads it, else null.</summary>
    internal static string? ProviderLabel(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < ProviderLabelsUtf8.Length; i++)
        {
            if (key.SequenceEqual(ProviderLabelsUtf8[i]))
            {
                return ProviderLabels[i];
            }
        }

        return null;
    }

    /// <summary>Characters that make a path write a property name as <c>['name']</c>, as System.Text.Json does.</summary>
    private static readonly SearchValues<char> PathSpecial = SearchValues.Create(". '\"[]()\\");

    /// <summary>The review, or null for a JSON <c>null</c> body. Throws <see cref="JsonException"/> for anything unreadable.</summary>
    public static AdmissionReview? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadFast(utf8);
        }
        catch (JsonException)
        {
            // Errors are rare: read again token by token, for the very error Utf8JsonReader gives.
        }

        return ReadExact(utf8);
    }

    /// <summary>With <see cref="JsonScanCursor"/>: accepts what <see cref="ReadExact"/> accepts and reads the same review; its syntax errors are plain.</summary>
    internal static AdmissionReview? ReadFast(ReadOnlySpan<byte> utf8) =>
        AdmissionReviewReader<JsonScanCursor>.Read(utf8, new JsonScanCursor(utf8));

    /// <summary>With <see cref="Utf8JsonReaderCursor"/>: the reader's own errors.</summary>
    internal static AdmissionReview? ReadExact(ReadOnlySpan<byte> utf8) =>
        AdmissionReviewReader<Utf8JsonReaderCursor>.Read(utf8, new Utf8JsonReaderCursor(utf8));

    /// <summary>An error at the token starting at <paramref name="at"/>, worded like the serializer's: path, line and byte position.</summary>
    internal static JsonException Error(ReadOnlySpan<byte> json, int at, string problem, Exception? inner)
    {
        var line = 0;
        var lineStart = 0;
        var newline = json[..at].LastIndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = json[..newline].Count((byte)'\n') + 1;
            lineStart = newline + 1;
        }

        var path = PathAt(json, at);
        return new JsonException(
            $"{problem}. Path: {path} | LineNumber: {line} | BytePositionInLine: {at - lineStart}.",
            path, line, at - lineStart, inner);
    }

    /// <summary>
    /// The JSON path (<c>$.request.object.spec.containers[1].env</c>) of the token starting at
    /// <paramref name="offset"/>. Only errors pay for it: the body is read again up to there.
    /// </summary>
    internal static string PathAt(ReadOnlySpan<byte> json, long offset)
    {
        var frames = new List<(bool IsArray, int Index, string? Name)>();
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    frames[^1] = (false, 0, NameOf(ref reader));
                    if (reader.TokenStartIndex >= offset)
                    {
                        break;
                    }

                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = (true, frames[^1].Index + 1, null);
                }

                if (reader.TokenStartIndex >= offset)
                {
                    break;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add((token == JsonTokenType.StartArray, -1, null));
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable further on: the path so far is the best there is.
        }

        var path = new StringBuilder("$");
        foreach (var (isArray, index, name) in frames)
        {
            if (isArray)
            {
                path.Append('[').Append(index).Append(']');
            }
            else if (name is null)
            {
            }
            else if (!name.AsSpan().ContainsAny(PathSpecial) && !name.AsSpan().ContainsAnyInRange('\0', '\u001f'))
            {
                path.Append('.').Append(name);
            }
            else
            {
                path.Append("['").Append(name.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        return path.ToString();
    }

    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }
}
