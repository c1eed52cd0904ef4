using System.Text;
using System.Text.Json.Nodes;

namespace PodIdentity.Tests.Fuzz;

/// <summary>
/// AdmissionReview bodies as an attacker or a clumsy client would send them, from a seeded
/// <see cref="Random"/> (a failure names its seed and index, so it replays): valid reviews mutated in
/// their structure (wrong types at any field, nulls in every list, removed fields, huge strings and
/// arrays, nesting past the reader's limit, control characters, newlines and lone surrogates in any string
/// or property name) and in their bytes (truncations, invalid UTF-8, flipped bytes), and bodies that are
/// not reviews at all. Shared by the Core decoder suite and the /mutate endpoint suite.
/// </summary>
internal sealed class HostileReviews(int seed)
{
    /// <summary>ServiceAccount names the reviews use: valid ones the suites know, unknown ones and non-names.</summary>
    public static readonly string[] ServiceAccountNames =
        ["aws", "gcp", "caios", "all", "bad", "nobody", "", "../../other/serviceaccounts/admin", "x?watch=true", "..", "A", "a\nb", new string('a', 300)];

    public static readonly string[] Namespaces = ["demo", "Demo", "../kube-system", "", "a b", "demo\r\n", new string('n', 70)];

    private static readonly string[] HostileStrings =
    [
        "", "\n", "line1\nline2", "\r\n[12:00:00 INF] forged", "\u001b[31mred", "\u0000", "\u2028", "\u202Eevil", "\t", "é😀",
        "\uD800", "\uDFFF", "a\"b", "\\", "{", "null", "${jndi:x}", "%s%n", "../..", "x?watch=true",
    ];

    private readonly Random _random = new(seed);

    public int Seed => seed;

    /// <summary>Body number <paramref name="index"/> of this seed's sequence (each index draws from its own generator, so one can be replayed alone).</summary>
    public static byte[] Body(int seed, int index) => new HostileReviews(HashCode.Combine(seed, index)).Next();

    public byte[] Next()
    {
        var review = Valid();
        switch (_random.Next(20))
        {
            case 0:
                return NotAReview();
            case 1 or 2:
                return Truncated(Bytes(review));
            case 3 or 4:
                return Corrupted(Bytes(review));
            default:
                var edits = _random.Next(4) == 0 ? 2 : 1;
                JsonNode root = review;
                for (var i = 0; i < edits; i++)
                {
                    root = Mutate(root);
                }

                return Encoding.UTF8.GetBytes(root.ToJsonString());
        }
    }

    /// <summary>A review the API server could send: 1–3 containers, an init container, env, mounts, volumes, annotations, node selector.</summary>
    public JsonObject Valid()
    {
        var containers = new JsonArray();
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            containers.Add(Container($"app-{i}"));
        }

        var spec = new JsonObject
        {
            ["serviceAccountName"] = Pick(ServiceAccountNames[..6]),
            ["containers"] = containers,
            ["initContainers"] = new JsonArray(Container("init")),
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() }),
            ["nodeSelector"] = new JsonObject { ["kubernetes.io/os"] = _random.Next(4) == 0 ? "windows" : "linux" },
        };
        var annotations = new JsonObject { ["team"] = "a" };
        if (_random.Next(3) == 0)
        {
            annotations["eks.amazonaws.com/token-expiration"] = Pick(["3600", "999999999", "-5", "x"]);
        }

        if (_random.Next(4) == 0)
        {
            annotations["eks.amazonaws.com/skip-containers"] = "app-1, init";
        }

        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = $"uid-{seed}-{_random.Next()}",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = _random.Next(8) == 0 ? Pick(Namespaces) : "demo",
                ["operation"] = _random.Next(10) == 0 ? "UPDATE" : "CREATE",
                ["dryRun"] = _random.Next(2) == 0,
                ["object"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject { ["name"] = "web", ["generateName"] = "web-", ["namespace"] = "demo", ["annotations"] = annotations },
                    ["spec"] = spec,
                },
            },
        };
    }

    private JsonObject Container(string name) => new()
    {
        ["name"] = name,
        ["image"] = "busybox",
        ["env"] = new JsonArray(
            new JsonObject { ["name"] = "MODE", ["value"] = "prod" },
            _random.Next(5) == 0 ? new JsonObject { ["name"] = Pick(["AWS_ROLE_ARN", "GOOGLE_APPLICATION_CREDENTIALS", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_REGION"]), ["value"] = "mine" } : new JsonObject { ["name"] = "X", ["value"] = "1" }),
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "data", ["mountPath"] = "/data" },
            new JsonObject { ["name"] = "kube-api-access", ["mountPath"] = _random.Next(6) == 0 ? "/var/run/secrets/eks.amazonaws.com/serviceaccount" : "/var/run/secrets/kubernetes.io/serviceaccount" }),
    };

    private JsonNode Mutate(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[_random.Next(nodes.Count)];
        var (remove, replacement) = Replacement(target);
        if (target.Parent is null)
        {
            return replacement ?? JsonValue.Create(0);
        }

        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (remove)
                {
                    parent.Remove(name);
                }
                else if (_random.Next(10) == 0)
                {
                    // The same value under a hostile property name.
                    parent.Remove(name);
                    parent[Pick(HostileStrings) + name] = replacement;
                }
                else
                {
                    parent[name] = replacement;
                }

                break;
            case JsonArray array:
                var index = target.GetElementIndex();
                if (remove)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = replacement;
                }

                break;
        }

        return root;
    }

    /// <summary>What replaces <paramref name="target"/> (a null node is JSON null), or that it is removed.</summary>
    private (bool Remove, JsonNode? Node) Replacement(JsonNode target) => (_random.Next(12) == 0, NewValue(target));

    private JsonNode? NewValue(JsonNode target)
    {
        switch (_random.Next(12))
        {
            case 0 or 1:
                return null;
            case 2:
                return JsonValue.Create(_random.Next(3) == 0 ? double.MaxValue : _random.Next(-5, 100000));
            case 3:
                return JsonValue.Create(_random.Next(2) == 0);
            case 4:
                return JsonValue.Create(Pick(HostileStrings) + Pick(HostileStrings));
            case 5:
                return new JsonObject { ["name"] = Pick(HostileStrings) };
            case 6:
                return Nested(1 + _random.Next(80));
            case 7:
                // A huge string: rarely (it costs time in every suite) and below the 3 MiB cap.
                return JsonValue.Create(new string(Pick(['a', '\n', 'é']), _random.Next(16) == 0 ? 100_000 : 2_000));
            case 8:
                return HugeArray();
            case 9 when target is JsonArray list:
                var copy = list.DeepClone().AsArray();
                copy.Insert(_random.Next(copy.Count + 1), null);
                return copy;
            case 10 when target is JsonValue value && value.TryGetValue<string>(out var text):
                return JsonValue.Create(text + Pick(HostileStrings));
            default:
                return new JsonArray(null, JsonValue.Create(1), new JsonObject());
        }
    }

    private JsonNode Nested(int depth)
    {
        JsonNode node = JsonValue.Create("deep");
        for (var i = 0; i < depth; i++)
        {
            node = _random.Next(2) == 0 ? new JsonArray(node) : new JsonObject { ["d"] = node };
        }

        return node;
    }

    private JsonArray HugeArray()
    {
        var array = new JsonArray();
        var count = _random.Next(16) == 0 ? 5_000 : 100;
        for (var i = 0; i < count; i++)
        {
            array.Add(i % 3 == 0 ? null : i % 3 == 1 ? new JsonObject { ["name"] = $"n{i}", ["mountPath"] = "/x" } : JsonValue.Create(i));
        }

        return array;
    }

    private byte[] NotAReview() => _random.Next(8) switch
    {
        0 => [],
        1 => "null"u8.ToArray(),
        2 => "[]"u8.ToArray(),
        3 => "\"review\""u8.ToArray(),
        4 => Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)),
        5 => Encoding.UTF8.GetBytes("{\"request\":" + new string('{', 70)),
        6 => "{\"apiVersion\":tru"u8.ToArray(),
        _ => [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'],
    };

    private byte[] Truncated(byte[] body) => body[.._random.Next(body.Length)];

    private byte[] Corrupted(byte[] body)
    {
        var bytes = body.ToList();
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            var at = _random.Next(bytes.Count);
            byte[] insert = _random.Next(5) switch
            {
                0 => [0xC3],
                1 => [0xFF, 0xFE],
                2 => [0xC0, 0xAF],
                3 => [0xED, 0xA0, 0x80],
                _ => [(byte)_random.Next(256)],
            };
            if (_random.Next(2) == 0)
            {
                bytes.RemoveAt(at);
            }

            bytes.InsertRange(Math.Min(at, bytes.Count), insert);
        }

        return [.. bytes];
    }

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
