using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Webhook.Tests.FakeApiServer;

/// <summary>One ServiceAccount as the fake API server stores it, with its JSON rendered once (UTF-8, as lists send it).</summary>
public sealed class FakeServiceAccount
{
    public FakeServiceAccount(string @namespace, string name, string uid, long resourceVersion, IReadOnlyDictionary<string, string>? annotations)
    {
        Namespace = @namespace;
        Name = name;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Annotations = annotations ?? new Dictionary<string, string>();
        ItemUtf8 = Render();
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>As a list item (the API server omits apiVersion and kind on items), UTF-8: a 500,000-item list is written without a string per item.</summary>
    public byte[] ItemUtf8 { get; }

    /// <summary>As a watch event object or a GET response.</summary>
    public string ObjectJson => "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"," + Encoding.UTF8.GetString(ItemUtf8.AsSpan(1));

    private byte[] Render()
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

        return buffer.WrittenSpan.ToArray();
    }
}
