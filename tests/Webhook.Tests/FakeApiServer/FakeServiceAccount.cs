using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Webhook.Tests.FakeApiServer;

/// <summary>One ServiceAccount as the fake API server stores it, with its JSON rendered once.</summary>
public sealed class FakeServiceAccount
{
    public FakeServiceAccount(string @namespace, string name, string uid, long resourceVersion, IReadOnlyDictionary<string, string>? annotations)
    {
        Namespace = @namespace;
        Name = name;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Annotations = annotations ?? new Dictionary<string, string>();
        Body = RenderBody();
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>The object's members without braces: <c>"metadata":{…}</c>.</summary>
    public string Body { get; }

    /// <summary>As a list item (the API server omits apiVersion and kind on items).</summary>
    public string ItemJson => "{" + Body + "}";

    /// <summary>As a watch event object or a GET response.</summary>
    public string ObjectJson => "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"," + Body + "}";

    private string RenderBody()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteString("name", Name);
            json.WriteString("namespace", Namespace);
            json.WriteString("uid", Uid);
            json.WriteString("resourceVersion", ResourceVersion.ToString(CultureInfo.InvariantCulture));
            json.WriteString("creationTimestamp", "2025-01-01T00:00:00Z");
            if (Annotations.Count > 0)
            {
                json.WriteStartObject("annotations");
                foreach (var (key, value) in Annotations)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return text[1..^1];
    }
}
