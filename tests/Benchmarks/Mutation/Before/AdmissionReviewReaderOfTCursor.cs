using System.Text.Json;
using k8s.Models;

namespace PodIdentity.Benchmarks.Before;

/// <summary>
/// Reads an AdmissionReview for mutation in one pass over the body with <typeparamref name="TCursor"/>:
/// no System.Text.Json metadata, converters or reflection (under Native AOT the metadata path ran as
/// shared generic code and was the largest part of a review's CPU). See <see cref="AdmissionReviewReader"/>
/// for what is read and how; the cursor is a struct, so each cursor gets its own specialised code.
/// </summary>
internal ref struct AdmissionReviewReader<TCursor>
    where TCursor : IJsonCursor, allows ref struct
{
    private readonly ReadOnlySpan<byte> _json;
    private TCursor _cursor;

    private AdmissionReviewReader(ReadOnlySpan<byte> json, TCursor cursor)
    {
        _json = json;
        _cursor = cursor;
    }

    /// <summary>The review, or null for a JSON <c>null</c> body. Throws <see cref="JsonException"/> for anything unreadable.</summary>
    public static AdmissionReview? Read(ReadOnlySpan<byte> json, TCursor cursor)
    {
        var reader = new AdmissionReviewReader<TCursor>(json, cursor);
        try
        {
            return reader.ReadDocument();
        }
        catch (InvalidOperationException e)
        {
            // GetString on a string that is not valid UTF-8, or a bad surrogate escape; the serializer reports it as a JsonException too.
            throw reader.Error(e.Message.TrimEnd('.'), e);
        }
    }

    private AdmissionReview? ReadDocument()
    {
        var review = _cursor.NextValue() switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.StartObject => ReadReview(),
            _ => throw Unexpected("an AdmissionReview object"),
        };

        if (!_cursor.AtEndOfBody())
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
            var name = _cursor.PropertyName();
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
            var name = _cursor.PropertyName();
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

    private GroupVersionKind? ReadGroupVersionKind() =>
        ReadGroupVersion("kind"u8, "Pod"u8, "Pod") is { } read ? new GroupVersionKind(read.Group, read.Version, read.Name) : null;

    private GroupVersionResource? ReadGroupVersionResource() =>
        ReadGroupVersion("resource"u8, "pods"u8, "pods") is { } read ? new GroupVersionResource(read.Group, read.Version, read.Name) : null;

    /// <summary>A group, a version and a kind or resource (<paramref name="nameProperty"/>), as a request's kind and resource are.</summary>
    private (string? Group, string? Version, string? Name)? ReadGroupVersion(ReadOnlySpan<byte> nameProperty, ReadOnlySpan<byte> usualNameUtf8, string usualName)
    {
        if (!StartObject())
        {
            return null;
        }

        string? group = null, version = null, name = null;
        while (NextProperty())
        {
            var property = _cursor.PropertyName();
            if (property.SequenceEqual("group"u8))
            {
                group = ReadString(""u8, "");
            }
            else if (property.SequenceEqual("version"u8))
            {
                version = ReadString("v1"u8, "v1");
            }
            else if (property.SequenceEqual(nameProperty))
            {
                name = ReadString(usualNameUtf8, usualName);
            }
            else
            {
                SkipValue();
            }
        }

        return (group, version, name);
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
            var name = _cursor.PropertyName();
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
            var name = _cursor.PropertyName();
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
            else if (name.SequenceEqual("labels"u8))
            {
                metadata.Labels = ReadProviderLabels();
            }
            else
            {
                // ownerReferences, managedFields, uid, resourceVersion…
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
            var name = _cursor.PropertyName();
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
        JsonTokenType element;
        while ((element = _cursor.NextElement()) != JsonTokenType.EndArray)
        {
            list.Add(element switch
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

        static abstract T Read(ref AdmissionReviewReader<TCursor> reader);
    }

    private readonly struct ContainerElement : IElementReader<V1Container>
    {
        public static string Expected => "a container object or null";

        public static V1Container Read(ref AdmissionReviewReader<TCursor> reader) => reader.ReadContainer();
    }

    private readonly struct EnvVarElement : IElementReader<V1EnvVar>
    {
        public static string Expected => "an env var object or null";

        public static V1EnvVar Read(ref AdmissionReviewReader<TCursor> reader) => reader.ReadEnvVar();
    }

    private readonly struct VolumeMountElement : IElementReader<V1VolumeMount>
    {
        public static string Expected => "a volume mount object or null";

        public static V1VolumeMount Read(ref AdmissionReviewReader<TCursor> reader) => reader.ReadVolumeMount();
    }

    private readonly struct VolumeElement : IElementReader<V1Volume>
    {
        public static string Expected => "a volume object or null";

        public static V1Volume Read(ref AdmissionReviewReader<TCursor> reader) => reader.ReadVolume();
    }

    private V1Container ReadContainer()
    {
        var container = new V1Container();
        while (NextProperty())
        {
            var name = _cursor.PropertyName();
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
            var name = _cursor.PropertyName();
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
            var name = _cursor.PropertyName();
            if (name.SequenceEqual("name"u8))
            {
                mount.Name = ReadString();
            }
            else if (name.SequenceEqual("mountPath"u8))
            {
                // Where Kubernetes mounts the kube-api-access volume: in nearly every container of every pod.
                mount.MountPath = ReadString("/var/run/secrets/kubernetes.io/serviceaccount"u8, "/var/run/secrets/kubernetes.io/serviceaccount");
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
            if (_cursor.PropertyName().SequenceEqual("name"u8))
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
        while (_cursor.NextProperty())
        {
            var key = _cursor.GetString();
            map[key] = ReadString()!;
        }

        return map;
    }

    /// <summary>
    /// Labels: only the ones a provider reads (<see cref="AdmissionReviewReader.ProviderLabels"/>), so the usual
    /// pod, with none of them, costs no map and no strings; null when none is present.
    /// </summary>
    private Dictionary<string, string>? ReadProviderLabels()
    {
        if (!StartObject())
        {
            return null;
        }

        Dictionary<string, string>? labels = null;
        while (_cursor.NextProperty())
        {
            if (AdmissionReviewReader.ProviderLabel(_cursor.PropertyName()) is { } key)
            {
                (labels ??= new Dictionary<string, string>(1))[key] = ReadString()!;
            }
            else
            {
                SkipValue();
            }
        }

        return labels;
    }

    /// <summary>On a property name: moves to its value, a string or null.</summary>
    private string? ReadString() => _cursor.NextValue() switch
    {
        JsonTokenType.String => _cursor.GetString(),
        JsonTokenType.Null => null,
        _ => throw Unexpected("a string or null"),
    };

    /// <summary><see cref="ReadString()"/> that returns <paramref name="usual"/> rather than a new string when the value is <paramref name="usualUtf8"/>.</summary>
    private string? ReadString(ReadOnlySpan<byte> usualUtf8, string usual) => _cursor.NextValue() switch
    {
        JsonTokenType.String when !_cursor.ValueIsEscaped && _cursor.ValueSpan.SequenceEqual(usualUtf8) => usual,
        JsonTokenType.String => _cursor.GetString(),
        JsonTokenType.Null => null,
        _ => throw Unexpected("a string or null"),
    };

    /// <summary>On a property name: moves to its value, true, false or null.</summary>
    private bool? ReadBoolean() => _cursor.NextValue() switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw Unexpected("true, false or null"),
    };

    /// <summary>On a property name: moves to its value; true on an object, false on null.</summary>
    private bool StartObject() => _cursor.NextValue() switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw Unexpected("an object or null"),
    };

    /// <summary>On a property name: moves to its value; true on an array, false on null.</summary>
    private bool StartArray() => _cursor.NextValue() switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw Unexpected("an array or null"),
    };

    private bool NextProperty() => _cursor.NextProperty();

    private void SkipValue() => _cursor.SkipValue();

    private JsonException Unexpected(string expected) =>
        Error($"expected {expected}, found {Describe(_cursor.TokenType)}");

    private JsonException Error(string problem, Exception? inner = null) =>
        AdmissionReviewReader.Error(_json, _cursor.TokenStart, problem, inner);

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
}
