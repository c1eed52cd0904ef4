using System.Collections.Concurrent;
using System.Text.Json;
using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Reads a ServiceAccount (a list item or a watch event's object) straight from its JSON: metadata's name,
/// namespace, resourceVersion and the annotations an enabled provider reads. Everything else (secrets, labels,
/// managed fields, the values of other annotations such as last-applied-configuration) is passed over without
/// being turned into strings. KubernetesClient's full <c>V1ServiceAccount</c> models were most of the time and
/// garbage of a 500,000-item list; namespaces and annotation keys come from pools, names are the only new strings.
/// </summary>
internal sealed class ServiceAccountJson(Func<string, bool> isRelevantAnnotation)
{
    /// <summary>Annotation keys whose verdict is remembered without the one a provider reads; past it a key no provider reads costs a short-lived string.</summary>
    internal const int MaxRememberedKeys = 1024;

    // Namespaces are at most 63 characters, annotation keys 317 (253-character prefix, '/', 63-character name):
    // anything that fits is looked up without allocating. UTF-8 never has fewer bytes than UTF-16 has characters.
    private const int MaxPooledLength = 320;
    private const string DefaultName = "default";

    private readonly StringPool namespaces = new();
    private readonly ConcurrentDictionary<string, bool> keyIsRelevant = new(StringComparer.Ordinal);

    /// <summary>One ServiceAccount object (a watch event's).</summary>
    public ServiceAccountObject Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            Start(ref reader, "a ServiceAccount");
            return ReadObject(ref reader);
        }
        catch (InvalidOperationException e)
        {
            throw WrongType(e);
        }
    }

    /// <summary>
    /// One page of <c>GET /api/v1/serviceaccounts?limit=…</c> in one pass: the list's resourceVersion, continue token,
    /// and each item as <see cref="Read(ReadOnlySpan{byte})"/> reads an object.
    /// </summary>
    public ListPage<ServiceAccountObject> ReadPage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            Start(ref reader, "a ServiceAccountList");
            var items = new List<ServiceAccountObject>();
            string? resourceVersion = null, next = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.ValueTextEquals("items"u8) ? 1 : reader.ValueTextEquals("metadata"u8) ? 2 : 0;
                reader.Read();
                if (member == 1 && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        Start(ref reader, "each item of a ServiceAccountList", read: false);
                        items.Add(ReadObject(ref reader));
                    }
                }
                else if (member == 2 && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = reader.ValueTextEquals("resourceVersion"u8) ? 1 : reader.ValueTextEquals("continue"u8) ? 2 : 0;
                        reader.Read();
                        switch (field)
                        {
                            case 1: resourceVersion = reader.GetString(); break;
                            case 2: next = reader.GetString(); break;
                            default: reader.Skip(); break;
                        }
                    }
                }
                else
                {
                    // kind, apiVersion, or items/metadata of another type (an empty list may say "items": null).
                    reader.Skip();
                }
            }

            return new ListPage<ServiceAccountObject>(items, resourceVersion, next);
        }
        catch (InvalidOperationException e)
        {
            throw WrongType(e);
        }
    }

    private static void Start(ref Utf8JsonReader reader, string what, bool read = true)
    {
        if ((read && !reader.Read()) || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{what} must be a JSON object, got {reader.TokenType}");
        }
    }

    // A value of the wrong type (e.g. a number where a string belongs): the reader's own message says which.
    private static JsonException WrongType(InvalidOperationException e) => new($"unreadable ServiceAccount: {e.Message}", e);

    /// <summary>From the object's StartObject to its EndObject.</summary>
    private ServiceAccountObject ReadObject(ref Utf8JsonReader reader)
    {
        var account = new ServiceAccountObject("", "", null, null);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                account = ReadMetadata(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return account;
    }

    private ServiceAccountObject ReadMetadata(ref Utf8JsonReader reader)
    {
        string? ns = null, name = null, resourceVersion = null;
        KeyValuePair<string, string>[]? annotations = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.ValueTextEquals(DefaultName) ? DefaultName : reader.GetString();
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                reader.Read();
                ns = reader.TokenType == JsonTokenType.Null ? null : Namespace(ref reader);
            }
            else if (reader.ValueTextEquals("resourceVersion"u8))
            {
                reader.Read();
                resourceVersion = reader.GetString();
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                reader.Read();
                annotations = ReadAnnotations(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ServiceAccountObject(ns ?? "", name ?? "", resourceVersion, annotations);
    }

    private KeyValuePair<string, string>[]? ReadAnnotations(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        List<KeyValuePair<string, string>>? kept = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = RelevantKey(ref reader);
            reader.Read();
            if (key is not null && reader.GetString() is { } value)
            {
                (kept ??= new List<KeyValuePair<string, string>>(2)).Add(KeyValuePair.Create(key, value));
            }
            else
            {
                reader.Skip();
            }
        }

        return kept?.ToArray();
    }

    /// <summary>The key (the pooled instance) if a provider reads it, else null.</summary>
    private string? RelevantKey(ref Utf8JsonReader reader)
    {
        Span<char> chars = stackalloc char[MaxPooledLength];
        if (reader.ValueSpan.Length <= chars.Length)
        {
            var length = reader.CopyString(chars);
            if (keyIsRelevant.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..length], out var known, out var relevant))
            {
                return relevant ? known : null;
            }
        }

        var key = reader.GetString()!;
        var isRelevant = isRelevantAnnotation(key);
        if (isRelevant || keyIsRelevant.Count < MaxRememberedKeys)
        {
            keyIsRelevant.TryAdd(key, isRelevant);
        }

        return isRelevant ? key : null;
    }

    private string Namespace(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"metadata.namespace must be a string, got {reader.TokenType}");
        }

        Span<char> chars = stackalloc char[MaxPooledLength];
        return reader.ValueSpan.Length <= chars.Length
            ? namespaces.Intern(chars[..reader.CopyString(chars)])
            : namespaces.Intern(reader.GetString()!);
    }
}
