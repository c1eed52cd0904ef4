using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Admission;

/// <summary>
/// Decodes an AdmissionReview for mutation in one pass of <see cref="Utf8JsonReader"/> over the body (a second one only
/// for malformed JSON, see <see cref="Read(ReadOnlySpan{byte})"/>), straight
/// into our own <see cref="Pod"/>: no System.Text.Json metadata, converters or reflection (under Native AOT the
/// metadata path ran as shared generic code and was the largest part of a review's CPU).
/// <para>
/// Only what mutation and the handler read is kept, the rest is skipped (still checked, see <see cref="Skip"/>): <c>metadata</c>
/// name, generateName, namespace, annotations and the labels providers read (<see cref="ProviderLabels"/>);
/// <c>spec</c> serviceAccountName, nodeSelector, containers, initContainers and volumes (name only); for each
/// container its name, env (name and value) and volumeMounts (name and mountPath).
/// </para>
/// <para>
/// Semantics follow <see cref="JsonSerializer"/> with default options for the fields read: property names are
/// case-sensitive and may be escaped, the last of duplicate properties wins, JSON null gives null, unknown
/// properties are skipped, and the whole body must be one well-formed JSON value (at most 64 levels deep).
/// Malformed JSON is the reader's own <see cref="JsonException"/> (line and byte position included); a value of the wrong type is a
/// <see cref="JsonException"/> naming its path, like the serializer's. A null element of a list or map the pod
/// is made of is not an error of the JSON but of the pod: see <see cref="AdmissionRequest.ObjectProblem"/>.
/// </para>
/// </summary>
internal ref partial struct AdmissionReviewReader
{
    private static readonly byte[][] ProviderLabelsUtf8 = [.. ProviderLabels.All.Select(Encoding.UTF8.GetBytes)];

    /// <summary>Where Kubernetes mounts the kube-api-access volume: in nearly every container of every pod.</summary>
    private const string ApiAccessMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly ReadOnlySpan<byte> _json;
    private readonly bool _scanSkips;
    private Utf8JsonReader _reader;

    /// <summary>Where in <see cref="_json"/> the reader's span starts: it restarts after each scanned skip.</summary>
    private int _base;

    private AdmissionReviewReader(ReadOnlySpan<byte> json, bool scanSkips)
    {
        _json = json;
        _scanSkips = scanSkips;
        _reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
    }

    /// <summary>The review, or null for a JSON <c>null</c> body. Throws <see cref="JsonException"/> for anything unreadable.</summary>
    public static AdmissionReview? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return Read(utf8, scanSkips: true);
        }
        catch (JsonException e) when (e.Path is null)
        {
            // Malformed JSON (ours name a path): after a scanned skip the restarted reader counts lines and bytes from
            // where it restarted, and the scanner's own messages are plain. Rare: read again, skipping with the reader.
        }

        return Read(utf8, scanSkips: false);
    }

    /// <summary>
    /// <paramref name="scanSkips"/>: skip unread objects and arrays with <see cref="JsonScanner"/> (fast), or with
    /// <see cref="Utf8JsonReader.Skip"/> (the reader's own errors). Both accept the same bodies and read the same review.
    /// </summary>
    internal static AdmissionReview? Read(ReadOnlySpan<byte> utf8, bool scanSkips)
    {
        var reader = new AdmissionReviewReader(utf8, scanSkips);
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

    /// <summary>
    /// After a property name: past its value, unread. Most of an API server's pod is skipped (managedFields, probes,
    /// resources…): <see cref="JsonScanner"/> finds the end of a skipped object or array, checking it as strictly as the
    /// reader, in about half the reader's time on a 13 KB pod (docs/perf.md), and the reader restarts at its closing bracket.
    /// </summary>
    private void Skip()
    {
        if (!_scanSkips)
        {
            _reader.Skip();
            return;
        }

        _reader.Read();
        var token = _reader.TokenType;
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var close = JsonScanner.FindClose(_json, _base + (int)_reader.TokenStartIndex + 1, token == JsonTokenType.StartObject, _reader.CurrentDepth + 1);

            // Just after an opening bracket, the closing one is what the reader's state allows next.
            _reader = new Utf8JsonReader(_json[close..], isFinalBlock: true, _reader.CurrentState);
            _base = close;
            _reader.Read();
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
            var name = PropertyName();
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
                Skip();
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
            var name = PropertyName();
            if (name.SequenceEqual("uid"u8))
            {
                // JSON null gives null here too, as the serializer's would: the handler rejects a missing uid.
                request.Uid = ReadString()!;
            }
            else if (name.SequenceEqual("kind"u8))
            {
                request.Kind = ReadGroupVersion("kind"u8, "Pod"u8, "Pod") is { } read ? new GroupVersionKind(read.Group, read.Version, read.Name) : null;
            }
            else if (name.SequenceEqual("resource"u8))
            {
                request.Resource = ReadGroupVersion("resource"u8, "pods"u8, "pods") is { } read ? new GroupVersionResource(read.Group, read.Version, read.Name) : null;
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
                // A pod with a null element is not a pod mutation can read: its problem instead (the last "object" wins, with its problem).
                var pod = ReadPod(out var problem);
                request.Object = problem is null ? pod : null;
                request.ObjectProblem = problem;
            }
            else if (name.SequenceEqual("dryRun"u8))
            {
                request.DryRun = ReadBoolean();
            }
            else
            {
                // requestKind, requestResource, requestSubResource, userInfo, oldObject, options.
                Skip();
            }
        }

        return request;
    }

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
            var property = PropertyName();
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
                Skip();
            }
        }

        return (group, version, name);
    }

    /// <summary>
    /// The pod, or null for JSON null. <paramref name="problem"/>: its first null element in <see cref="PodShape"/>'s
    /// order (annotations, node selector, containers, init containers, volumes), whatever order the body has.
    /// </summary>
    private Pod? ReadPod(out string? problem)
    {
        problem = null;
        if (!StartObject())
        {
            return null;
        }

        var metadata = default(Metadata);
        var spec = default(Spec);
        while (NextProperty())
        {
            var name = PropertyName();
            if (name.SequenceEqual("spec"u8))
            {
                spec = ReadSpec();
            }
            else if (name.SequenceEqual("metadata"u8))
            {
                metadata = ReadMetadata();
            }
            else
            {
                // apiVersion, kind, status.
                Skip();
            }
        }

        problem = metadata.AnnotationsProblem ?? spec.NodeSelectorProblem ?? spec.ContainersProblem ?? spec.InitContainersProblem ?? spec.VolumesProblem;
        return new Pod
        {
            Name = metadata.Name,
            GenerateName = metadata.GenerateName,
            Namespace = metadata.Namespace,
            Annotations = metadata.Annotations,
            Labels = metadata.Labels,
            ServiceAccountName = spec.ServiceAccountName,
            NodeSelector = spec.NodeSelector,
            Containers = spec.Containers,
            InitContainers = spec.InitContainers,
            Volumes = spec.Volumes,
        };
    }

    /// <summary><c>metadata</c> as read; all null for JSON null, as for an absent one.</summary>
    private struct Metadata
    {
        public string? Name;
        public string? GenerateName;
        public string? Namespace;
        public Dictionary<string, string>? Annotations;
        public IReadOnlyDictionary<string, string>? Labels;
        public string? AnnotationsProblem;
    }

    private Metadata ReadMetadata()
    {
        var metadata = default(Metadata);
        if (!StartObject())
        {
            return metadata;
        }

        while (NextProperty())
        {
            var name = PropertyName();
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
                metadata.Namespace = ReadString();
            }
            else if (name.SequenceEqual("annotations"u8))
            {
                metadata.Annotations = ReadStringMap(out var nullKey);
                metadata.AnnotationsProblem = nullKey is null ? null : PodShape.NullAnnotation(nullKey);
            }
            else if (name.SequenceEqual("labels"u8))
            {
                metadata.Labels = ReadProviderLabels();
            }
            else
            {
                // ownerReferences, managedFields, uid, resourceVersion…
                Skip();
            }
        }

        return metadata;
    }

    /// <summary><c>spec</c> as read; all null for JSON null, as for an absent one.</summary>
    private struct Spec
    {
        public string? ServiceAccountName;
        public Dictionary<string, string>? NodeSelector;
        public List<Container>? Containers;
        public List<Container>? InitContainers;
        public List<string>? Volumes;
        public string? NodeSelectorProblem;
        public string? ContainersProblem;
        public string? InitContainersProblem;
        public string? VolumesProblem;
    }

    private Spec ReadSpec()
    {
        var spec = default(Spec);
        if (!StartObject())
        {
            return spec;
        }

        while (NextProperty())
        {
            var name = PropertyName();
            if (name.SequenceEqual("containers"u8))
            {
                spec.Containers = ReadContainers("spec.containers", out spec.ContainersProblem);
            }
            else if (name.SequenceEqual("initContainers"u8))
            {
                spec.InitContainers = ReadContainers("spec.initContainers", out spec.InitContainersProblem);
            }
            else if (name.SequenceEqual("volumes"u8))
            {
                spec.Volumes = ReadVolumes(out spec.VolumesProblem);
            }
            else if (name.SequenceEqual("serviceAccountName"u8))
            {
                spec.ServiceAccountName = ReadString();
            }
            else if (name.SequenceEqual("nodeSelector"u8))
            {
                spec.NodeSelector = ReadStringMap(out var nullKey);
                spec.NodeSelectorProblem = nullKey is null ? null : PodShape.NullNodeSelectorValue(nullKey);
            }
            else
            {
                // securityContext, affinity, tolerations, ephemeralContainers, scalars…
                Skip();
            }
        }

        return spec;
    }

    /// <summary>
    /// A JSON array (or null) of containers at <paramref name="path"/> (<c>spec.containers</c>). <paramref name="problem"/>:
    /// the first null container, or null element in a container's env or volume mounts, in order.
    /// </summary>
    private List<Container>? ReadContainers(string path, out string? problem)
    {
        problem = null;
        if (!StartArray())
        {
            return null;
        }

        var containers = new List<Container>();
        while (NextElement() is var token && token != JsonTokenType.EndArray)
        {
            switch (token)
            {
                case JsonTokenType.StartObject:
                    var container = ReadContainer(path, containers.Count, out var containerProblem);
                    problem ??= containerProblem;
                    containers.Add(container);
                    break;
                case JsonTokenType.Null:
                    problem ??= PodShape.NullElement($"{path}[{containers.Count}]", PodShape.ContainerExpected);

                    // Holds the index, so later elements keep theirs in messages; the pod is refused anyway.
                    containers.Add(null!);
                    break;
                default:
                    throw Unexpected("a container object or null");
            }
        }

        return containers;
    }

    /// <summary>On a container's opening brace. <paramref name="problem"/>: a null element of its env, else of its volume mounts.</summary>
    private Container ReadContainer(string path, int index, out string? problem)
    {
        string name = "";
        List<EnvVar>? env = null;
        List<VolumeMount>? mounts = null;
        int envNull = -1, mountNull = -1;
        while (NextProperty())
        {
            var property = PropertyName();
            if (property.SequenceEqual("name"u8))
            {
                // A container without a name is named "" (the API server refuses such a pod after admission).
                name = ReadString() ?? "";
            }
            else if (property.SequenceEqual("env"u8))
            {
                env = ReadList<EnvVar, EnvVarElement>(out envNull);
            }
            else if (property.SequenceEqual("volumeMounts"u8))
            {
                mounts = ReadList<VolumeMount, VolumeMountElement>(out mountNull);
            }
            else
            {
                // image, command, ports, probes, resources, securityContext…
                Skip();
            }
        }

        problem = envNull >= 0 ? PodShape.NullElement($"{path}[{index}].env[{envNull}]", PodShape.EnvVarExpected)
            : mountNull >= 0 ? PodShape.NullElement($"{path}[{index}].volumeMounts[{mountNull}]", PodShape.VolumeMountExpected)
            : null;
        return new Container(name) { Env = env, VolumeMounts = mounts };
    }

    private List<string>? ReadVolumes(out string? problem)
    {
        var volumes = ReadList<string, VolumeElement>(out var nullAt);
        problem = nullAt >= 0 ? PodShape.NullElement($"spec.volumes[{nullAt}]", PodShape.VolumeExpected) : null;
        return volumes;
    }

    /// <summary>
    /// A JSON array (or null) of objects, each read by <typeparamref name="TElement"/>; <paramref name="firstNull"/>
    /// is the index of the first null element, or -1. The element reader is a struct, so each list gets its own code.
    /// </summary>
    private List<T>? ReadList<T, TElement>(out int firstNull)
        where TElement : struct, IElementReader<T>
    {
        firstNull = -1;
        if (!StartArray())
        {
            return null;
        }

        var list = new List<T>();
        while (NextElement() is var token && token != JsonTokenType.EndArray)
        {
            switch (token)
            {
                case JsonTokenType.StartObject:
                    list.Add(TElement.Read(ref this));
                    break;
                case JsonTokenType.Null:
                    if (firstNull < 0)
                    {
                        firstNull = list.Count;
                    }

                    list.Add(default!);
                    break;
                default:
                    throw Unexpected(TElement.Expected);
            }
        }

        return list;
    }

    private interface IElementReader<out T>
    {
        static abstract string Expected { get; }

        static abstract T Read(ref AdmissionReviewReader reader);
    }

    private readonly struct EnvVarElement : IElementReader<EnvVar>
    {
        public static string Expected => "an env var object or null";

        public static EnvVar Read(ref AdmissionReviewReader reader) => reader.ReadEnvVar();
    }

    private readonly struct VolumeMountElement : IElementReader<VolumeMount>
    {
        public static string Expected => "a volume mount object or null";

        public static VolumeMount Read(ref AdmissionReviewReader reader) => reader.ReadVolumeMount();
    }

    private readonly struct VolumeElement : IElementReader<string>
    {
        public static string Expected => "a volume object or null";

        public static string Read(ref AdmissionReviewReader reader) => reader.ReadVolumeName();
    }

    private EnvVar ReadEnvVar()
    {
        string? name = null, value = null;
        while (NextProperty())
        {
            var property = PropertyName();
            if (property.SequenceEqual("name"u8))
            {
                name = ReadString();
            }
            else if (property.SequenceEqual("value"u8))
            {
                value = ReadString();
            }
            else
            {
                // valueFrom
                Skip();
            }
        }

        // A name the pod left out stays null: the API server refuses such a pod after admission.
        return new EnvVar(name!, value);
    }

    private VolumeMount ReadVolumeMount()
    {
        string? name = null, mountPath = null;
        while (NextProperty())
        {
            var property = PropertyName();
            if (property.SequenceEqual("name"u8))
            {
                name = ReadString();
            }
            else if (property.SequenceEqual("mountPath"u8))
            {
                mountPath = ReadString("/var/run/secrets/kubernetes.io/serviceaccount"u8, ApiAccessMountPath);
            }
            else
            {
                // readOnly, subPath, mountPropagation…
                Skip();
            }
        }

        return new VolumeMount(name!, mountPath!);
    }

    /// <summary>Only a volume's name matters to mutation (is it already there?).</summary>
    private string ReadVolumeName()
    {
        string? name = null;
        while (NextProperty())
        {
            if (PropertyName().SequenceEqual("name"u8))
            {
                name = ReadString();
            }
            else
            {
                Skip();
            }
        }

        return name!;
    }

    /// <summary>
    /// Annotations, node selector: a JSON object (or null) of strings; a repeated key keeps its last value.
    /// <paramref name="nullKey"/>: the first key (in the map's order) whose value is JSON null, or null.
    /// </summary>
    private Dictionary<string, string>? ReadStringMap(out string? nullKey)
    {
        nullKey = null;
        if (!StartObject())
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var sawNull = false;
        while (NextProperty())
        {
            var key = _reader.GetString()!;
            var value = ReadString();
            sawNull |= value is null;
            map[key] = value!;
        }

        if (sawNull)
        {
            // A later duplicate may have replaced the null; the map's order is that of first insertion, as PodShape reads it.
            foreach (var (key, value) in map)
            {
                if (value is null)
                {
                    nullKey = key;
                    break;
                }
            }
        }

        return map;
    }

    /// <summary>
    /// Labels: only the ones a provider reads (<see cref="ProviderLabels"/>), so the usual pod, with none of them,
    /// costs no map and no strings (a shared empty one: present, but none kept).
    /// </summary>
    private IReadOnlyDictionary<string, string>? ReadProviderLabels()
    {
        if (!StartObject())
        {
            return null;
        }

        Dictionary<string, string>? labels = null;
        while (NextProperty())
        {
            if (ProviderLabel(PropertyName()) is { } key)
            {
                (labels ??= new Dictionary<string, string>(1, StringComparer.Ordinal))[key] = ReadString()!;
            }
            else
            {
                Skip();
            }
        }

        return labels is null ? ReadOnlyDictionary<string, string>.Empty : labels;
    }

    /// <summary>The label's key when a provider reads it, else null.</summary>
    private static string? ProviderLabel(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < ProviderLabelsUtf8.Length; i++)
        {
            if (key.SequenceEqual(ProviderLabelsUtf8[i]))
            {
                return ProviderLabels.All[i];
            }
        }

        return null;
    }
}
