using System.Buffers;
using System.Text;
using System.Text.Json;
using k8s.Models;

namespace PodIdentity.Core.Admission;

/// <summary>
/// Decodes an AdmissionReview for mutation in one pass of <see cref="Utf8JsonReader"/> over the body:
/// no System.Text.Json metadata, converters or reflection (under Native AOT the metadata path ran as
/// shared generic code and was the largest part of a review's CPU).
/// <para>
/// The pod is deliberately partial: only what mutation and the handler read is materialized, the
/// rest is skipped unread. Read are <c>metadata</c> name, generateName, namespace and annotations;
/// <c>spec</c> serviceAccountName, nodeSelector, containers, initContainers and volumes (name only);
/// for each container its name, env (name and value) and volumeMounts (name and mountPath). Never
/// re-serialize these pods. <c>DecodedPodEquivalenceTests</c> proves the patch is byte-identical to
/// the full model's.
/// </para>
/// <para>
/// What is skipped is still checked, but not tokenized: <see cref="JsonContainerScanner"/> finds the end of
/// a skipped object or array (most of an API server's pod: managedFields, probes, resources…), and the
/// reader restarts after it. Any error makes the body be read again with <see cref="Utf8JsonReader.Skip"/>,
/// so that errors, and their line and byte position, are exactly the reader's.
/// </para>
/// <para>
/// Semantics follow <see cref="JsonSerializer"/> with default options for the fields read: property
/// names are case-sensitive and may be escaped, the last of duplicate properties wins, JSON null gives
/// null (also for list elements and map values), unknown properties are skipped, and the whole body
/// must be one well-formed JSON value (at most 64 levels deep). A value of the wrong type is a
/// <see cref="JsonException"/> naming its path, like the serializer's.
/// </para>
/// </summary>
internal ref struct AdmissionReviewReader
{
    /// <summary>Characters that make a path write a property name as <c>['name']</c>, as System.Text.Json does.</summary>
    private static readonly SearchValues<char> PathSpecial = SearchValues.Create(". '\"[]()\\");

    private readonly ReadOnlySpan<byte> _json;
    private readonly bool _scanSkipped;
    private Utf8JsonReader _reader;

    /// <summary>Where in <see cref="_json"/> the reader's span starts: it restarts after each scanned skip.</summary>
    private int _offset;

    private AdmissionReviewReader(ReadOnlySpan<byte> json, bool scanSkipped)
    {
        _json = json;
        _scanSkipped = scanSkipped;
        _reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
    }

    /// <summary>The review, or null for a JSON <c>null</c> body. Throws <see cref="JsonException"/> for anything unreadable.</summary>
    public static AdmissionReview? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return Read(utf8, scanSkipped: true);
        }
        catch (JsonException)
        {
            // Errors are rare, and after a scanned skip the reader's own line and position would count from
            // where it restarted: read again token by token, for the very error Utf8JsonReader gives.
        }

        return Read(utf8, scanSkipped: false);
    }

    /// <summary>
    /// <paramref name="scanSkipped"/>: skip unread objects and arrays with <see cref="JsonContainerScanner"/>
    /// (fast), or with <see cref="Utf8JsonReader.Skip"/> (exact errors). Both accept the same bodies and read the same review.
    /// </summary>
    internal static AdmissionReview? Read(ReadOnlySpan<byte> utf8, bool scanSkipped)
    {
        var decoder = new AdmissionReviewReader(utf8, scanSkipped);
        try
        {
            return decoder.ReadDocument();
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on a string that is not valid UTF-8; the serializer reports it as a JsonException too.
            throw decoder.Error(e.Message.TrimEnd('.'), e);
        }
    }

    private AdmissionReview? ReadDocument()
    {
        // With isFinalBlock, Read throws for an empty body rather than returning false.
        _reader.Read();
        var review = _reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.StartObject => ReadReview(),
            _ => throw Unexpected("an AdmissionReview object"),
        };

        // Anything but whitespace after the value makes Read throw.
        if (_reader.Read())
        {
            throw Unexpected("the end of the body");
        }

        return review;
    }

    private AdmissionReview ReadReview()
    {
        var review = new AdmissionReview();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("request"u8))
            {
                review.Request = ReadRequest();
            }
            else if (name.SequenceEqual("apiVersion"u8))
            {
                review.ApiVersion = ReadString("admission.k8s.io/v1"u8, AdmissionReview.V1);
            }
            else if (name.SequenceEqual("kind"u8))
            {
                review.Kind = ReadString("AdmissionReview"u8, "AdmissionReview");
            }
            else
            {
                // response: the API server sends none; we write our own.
                SkipValue();
            }
        }

        return review;
    }

    private AdmissionRequest? ReadRequest()
    {
        if (!StartObject())
        {
            return null;
        }

        var request = new AdmissionRequest();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("uid"u8))
            {
                // JSON null gives null here too, as the serializer's would: the handler rejects a missing uid.
                request.Uid = ReadString()!;
            }
            else if (name.SequenceEqual("kind"u8))
            {
                request.Kind = ReadGroupVersionKind();
            }
            else if (name.SequenceEqual("resource"u8))
            {
                request.Resource = ReadGroupVersionResource();
            }
            else if (name.SequenceEqual("subResource"u8))
            {
                request.SubResource = ReadString();
            }
            else if (name.SequenceEqual("name"u8))
            {
                request.Name = ReadString();
            }
            else if (name.SequenceEqual("namespace"u8))
            {
                request.Namespace = ReadString();
            }
            else if (name.SequenceEqual("operation"u8))
            {
                request.Operation = ReadString("CREATE"u8, "CREATE");
            }
            else if (name.SequenceEqual("object"u8))
            {
                request.Object = ReadPod();
            }
            else if (name.SequenceEqual("dryRun"u8))
            {
                request.DryRun = ReadBoolean();
            }
            else
            {
                // requestKind, requestResource, requestSubResource, userInfo, oldObject, options.
                SkipValue();
            }
        }

        return request;
    }

    private GroupVersionKind? ReadGroupVersionKind()
    {
        if (!StartObject())
        {
            return null;
        }

        string? group = null, version = null, kind = null;
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("group"u8))
            {
                group = ReadString(""u8, "");
            }
            else if (name.SequenceEqual("version"u8))
            {
                version = ReadString("v1"u8, "v1");
            }
            else if (name.SequenceEqual("kind"u8))
            {
                kind = ReadString("Pod"u8, "Pod");
            }
            else
            {
                SkipValue();
            }
        }

        return new GroupVersionKind(group, version, kind);
    }

    private GroupVersionResource? ReadGroupVersionResource()
    {
        if (!StartObject())
        {
            return null;
        }

        string? group = null, version = null, resource = null;
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("group"u8))
            {
                group = ReadString(""u8, "");
            }
            else if (name.SequenceEqual("version"u8))
            {
                version = ReadString("v1"u8, "v1");
            }
            else if (name.SequenceEqual("resource"u8))
            {
                resource = ReadString("pods"u8, "pods");
            }
            else
            {
                SkipValue();
            }
        }

        return new GroupVersionResource(group, version, resource);
    }

    private V1Pod? ReadPod()
    {
        if (!StartObject())
        {
            return null;
        }

        var pod = new V1Pod();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("spec"u8))
            {
                pod.Spec = ReadSpec();
            }
            else if (name.SequenceEqual("metadata"u8))
            {
                pod.Metadata = ReadMetadata();
            }
            else
            {
                // apiVersion, kind, status.
                SkipValue();
            }
        }

        return pod;
    }

    private V1ObjectMeta? ReadMetadata()
    {
        if (!StartObject())
        {
            return null;
        }

        var metadata = new V1ObjectMeta();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("name"u8))
            {
                metadata.Name = ReadString();
            }
            else if (name.SequenceEqual("generateName"u8))
            {
                metadata.GenerateName = ReadString();
            }
            else if (name.SequenceEqual("namespace"u8))
            {
                metadata.NamespaceProperty = ReadString();
            }
            else if (name.SequenceEqual("annotations"u8))
            {
                metadata.Annotations = ReadStringMap();
            }
            else
            {
                // labels, ownerReferences, managedFields, uid, resourceVersion…
                SkipValue();
            }
        }

        return metadata;
    }

    private V1PodSpec? ReadSpec()
    {
        if (!StartObject())
        {
            return null;
        }

        var spec = new V1PodSpec();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("containers"u8))
            {
                spec.Containers = ReadList<V1Container, ContainerElement>();
            }
            else if (name.SequenceEqual("initContainers"u8))
            {
                spec.InitContainers = ReadList<V1Container, ContainerElement>();
            }
            else if (name.SequenceEqual("volumes"u8))
            {
                spec.Volumes = ReadList<V1Volume, VolumeElement>();
            }
            else if (name.SequenceEqual("serviceAccountName"u8))
            {
                spec.ServiceAccountName = ReadString();
            }
            else if (name.SequenceEqual("nodeSelector"u8))
            {
                spec.NodeSelector = ReadStringMap();
            }
            else
            {
                // securityContext, affinity, tolerations, ephemeralContainers, scalars…
                SkipValue();
            }
        }

        return spec;
    }

    /// <summary>
    /// A JSON array (or null) of objects (or nulls), each read by <typeparamref name="TElement"/>.
    /// The element reader is a struct, so each list shape gets its own specialised code.
    /// </summary>
    private List<T>? ReadList<T, TElement>()
        where TElement : struct, IElementReader<T>
    {
        if (!StartArray())
        {
            return null;
        }

        var list = new List<T>();
        while (NextElement())
        {
            list.Add(_reader.TokenType switch
            {
                JsonTokenType.StartObject => TElement.Read(ref this),
                JsonTokenType.Null => default!,
                _ => throw Unexpected(TElement.Expected),
            });
        }

        return list;
    }

    private interface IElementReader<T>
    {
        static abstract string Expected { get; }

        static abstract T Read(ref AdmissionReviewReader reader);
    }

    private readonly struct ContainerElement : IElementReader<V1Container>
    {
        public static string Expected => "a container object or null";

        public static V1Container Read(ref AdmissionReviewReader reader) => reader.ReadContainer();
    }

    private readonly struct EnvVarElement : IElementReader<V1EnvVar>
    {
        public static string Expected => "an env var object or null";

        public static V1EnvVar Read(ref AdmissionReviewReader reader) => reader.ReadEnvVar();
    }

    private readonly struct VolumeMountElement : IElementReader<V1VolumeMount>
    {
        public static string Expected => "a volume mount object or null";

        public static V1VolumeMount Read(ref AdmissionReviewReader reader) => reader.ReadVolumeMount();
    }

    private readonly struct VolumeElement : IElementReader<V1Volume>
    {
        public static string Expected => "a volume object or null";

        public static V1Volume Read(ref AdmissionReviewReader reader) => reader.ReadVolume();
    }

    private V1Container ReadContainer()
    {
        var container = new V1Container();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("name"u8))
            {
                container.Name = ReadString();
            }
            else if (name.SequenceEqual("env"u8))
            {
                container.Env = ReadList<V1EnvVar, EnvVarElement>();
            }
            else if (name.SequenceEqual("volumeMounts"u8))
            {
                container.VolumeMounts = ReadList<V1VolumeMount, VolumeMountElement>();
            }
            else
            {
                // image, command, ports, probes, resources, securityContext…
                SkipValue();
            }
        }

        return container;
    }

    private V1EnvVar ReadEnvVar()
    {
        var variable = new V1EnvVar();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("name"u8))
            {
                variable.Name = ReadString();
            }
            else if (name.SequenceEqual("value"u8))
            {
                variable.Value = ReadString();
            }
            else
            {
                // valueFrom
                SkipValue();
            }
        }

        return variable;
    }

    private V1VolumeMount ReadVolumeMount()
    {
        var mount = new V1VolumeMount();
        while (NextProperty())
        {
            var name = Name();
            if (name.SequenceEqual("name"u8))
            {
                mount.Name = ReadString();
            }
            else if (name.SequenceEqual("mountPath"u8))
            {
                mount.MountPath = ReadString();
            }
            else
            {
                // readOnly, subPath, mountPropagation…
                SkipValue();
            }
        }

        return mount;
    }

    /// <summary>Only a volume's name matters to mutation (is it already there?).</summary>
    private V1Volume ReadVolume()
    {
        var volume = new V1Volume();
        while (NextProperty())
        {
            if (Name().SequenceEqual("name"u8))
            {
                volume.Name = ReadString();
            }
            else
            {
                SkipValue();
            }
        }

        return volume;
    }


    /// <summary>Annotations, node selector: a JSON object of strings (or nulls); a repeated key keeps its last value.</summary>
    private Dictionary<string, string>? ReadStringMap()
    {
        if (!StartObject())
        {
            return null;
        }

        var map = new Dictionary<string, string>();
        while (NextProperty())
        {
            var key = _reader.GetString()!;
            map[key] = ReadString()!;
        }

        return map;
    }

    /// <summary>On a property name: moves to its value, a string or null.</summary>
    private string? ReadString()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.String => _reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Unexpected("a string or null"),
        };
    }

    /// <summary><see cref="ReadString()"/> that returns <paramref name="usual"/> rather than a new string when the value is <paramref name="usualUtf8"/>.</summary>
    private string? ReadString(ReadOnlySpan<byte> usualUtf8, string usual)
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.String when !_reader.ValueIsEscaped && _reader.ValueSpan.SequenceEqual(usualUtf8) => usual,
            JsonTokenType.String => _reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Unexpected("a string or null"),
        };
    }

    /// <summary>On a property name: moves to its value, true, false or null.</summary>
    private bool? ReadBoolean()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw Unexpected("true, false or null"),
        };
    }

    /// <summary>On a property name: moves to its value; true on an object, false on null.</summary>
    private bool StartObject()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw Unexpected("an object or null"),
        };
    }

    /// <summary>On a property name: moves to its value; true on an array, false on null.</summary>
    private bool StartArray()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw Unexpected("an array or null"),
        };
    }

    /// <summary>Inside an object: moves to the next property name; false at the end of the object.</summary>
    private bool NextProperty()
    {
        // The reader checks the structure: after '{' or a value comes a property name or '}'.
        _reader.Read();
        return _reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Inside an array: moves to the next element; false at the end of the array.</summary>
    private bool NextElement()
    {
        _reader.Read();
        return _reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>On a property name: moves past its value, unread but checked as the reader would.</summary>
    private void SkipValue()
    {
        if (!_scanSkipped)
        {
            _reader.Skip();
            return;
        }

        _reader.Read();
        var token = _reader.TokenType;
        if (token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            // A scalar is one token, read now.
            return;
        }

        var close = JsonContainerScanner.FindClose(
            _json, _offset + (int)_reader.BytesConsumed, token == JsonTokenType.StartObject, _reader.CurrentDepth + 1);

        // The reader restarts at the closing bracket in the state it had just after the opening one: it
        // reads an empty container, and goes on after it exactly as if it had read the whole value.
        var state = _reader.CurrentState;
        _reader = new Utf8JsonReader(_json[close..], isFinalBlock: true, state);
        _offset = close;
        _reader.Read();
    }

    /// <summary>The current property name, unescaped (escapes are rare: only they cost an allocation).</summary>
    private ReadOnlySpan<byte> Name() => _reader.ValueIsEscaped ? Unescaped(ref _reader) : _reader.ValueSpan;

    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        var buffer = new byte[reader.ValueSpan.Length];
        var length = reader.CopyString(buffer);
        return buffer[..length];
    }

    private JsonException Unexpected(string expected) =>
        Error($"expected {expected}, found {Describe(_reader.TokenType)}");

    /// <summary>An error at the current token, worded like the serializer's: path, line and byte position.</summary>
    private JsonException Error(string problem, Exception? inner = null)
    {
        var at = _offset + _reader.TokenStartIndex;
        var line = 0;
        var lineStart = 0L;
        var newline = _json[..(int)at].LastIndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = _json[..newline].Count((byte)'\n') + 1;
            lineStart = newline + 1;
        }

        var path = PathAt(_json, at);
        return new JsonException(
            $"{problem}. Path: {path} | LineNumber: {line} | BytePositionInLine: {at - lineStart}.",
            path, line, at - lineStart, inner);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

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
