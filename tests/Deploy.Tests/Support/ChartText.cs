using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>
/// Reads the chart's Go templates as text (they are not YAML): resolves the name helpers to their values
/// for the default release, and lifts out blocks that contain no template actions so they can be parsed
/// and compared with the kustomize output.
/// </summary>
internal static partial class ChartText
{
    /// <summary>Template expressions and what they render to for release pod-identity-webhook in pod-identity-system.</summary>
    public static IReadOnlyDictionary<string, string> DefaultRelease { get; } = new Dictionary<string, string>
    {
        ["{{ include \"pod-identity-webhook.fullname\" . }}"] = Repo.ReleaseName,
        ["{{ $fullname }}"] = Repo.ReleaseName,
        ["{{ include \"pod-identity-webhook.serviceAccountName\" . }}"] = Repo.ReleaseName,
        ["{{ include \"pod-identity-webhook.servingCertificateName\" . }}"] = Repo.ReleaseName + "-tls",
        ["{{ include \"pod-identity-webhook.tlsSecretName\" . }}"] = Repo.ReleaseName + "-tls",
        ["{{ include \"pod-identity-webhook.discoveryName\" . }}"] = Repo.ReleaseName + "-discovery",
        ["{{ include \"pod-identity-webhook.discoveryServiceAccountName\" . }}"] = Repo.ReleaseName + "-discovery",
        ["{{ $svc }}"] = Repo.ReleaseName + "-discovery",
        ["{{ .Release.Namespace }}"] = Repo.ReleaseNamespace,
        ["{{ .Release.Name }}"] = Repo.ReleaseName,
        ["{{ .Values.clusterDomain }}"] = "cluster.local",
    };

    public static string Resolve(string template)
    {
        foreach (var (expression, value) in DefaultRelease)
        {
            template = template.Replace(expression, value, StringComparison.Ordinal);
        }

        return template;
    }

    /// <summary>(kind, metadata.name) of every document in a template, names resolved for the default release.</summary>
    public static IEnumerable<(string Kind, string Name)> KindsAndNames(string template)
    {
        foreach (var doc in Resolve(template).Split("\n---"))
        {
            var kind = KindLine().Match(doc);
            var name = MetadataName().Match(doc);
            if (kind.Success && name.Success)
            {
                yield return (kind.Groups[1].Value, name.Groups[1].Value.Trim());
            }
        }
    }

    public static IEnumerable<string> AllTemplates() =>
        Directory.EnumerateFiles(Path.Combine(Repo.ChartDir, "templates"), "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText);

    /// <summary>
    /// The YAML under the first line "key:" (after <paramref name="after"/> when given): the lines indented
    /// deeper, or list items at the same indent. Fails if the block holds a template action.
    /// </summary>
    public static JsonNode? Block(string template, string key, string? after = null, bool substituteValues = false)
    {
        if (substituteValues)
        {
            template = ValuesExpression().Replace(template, m =>
                m.Groups[1].Value.Split('.').Aggregate<string, JsonNode?>(Repo.Values, (n, k) => n?[k])?.ToJsonString()
                ?? throw new InvalidOperationException($"{m.Value}: not in values.yaml"));
        }

        var lines = template.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var start = 0;
        if (after is not null)
        {
            start = Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
            if (start < 0)
            {
                throw new InvalidOperationException($"'{after}' not found");
            }
        }

        var at = Array.FindIndex(lines, start, l => l.TrimStart() == key + ":" || l.TrimStart() == "- " + key + ":");
        if (at < 0)
        {
            throw new InvalidOperationException($"no block '{key}:' in template");
        }

        var header = lines[at];
        var indent = header.Length - header.TrimStart().Length + (header.TrimStart().StartsWith("- ", StringComparison.Ordinal) ? 2 : 0);
        var body = new List<string>();
        for (var i = at + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var lineIndent = line.Length - line.TrimStart().Length;
            if (lineIndent > indent || (lineIndent == indent && line.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
            {
                body.Add(line[indent..]);
            }
            else
            {
                break;
            }
        }

        var text = string.Join('\n', body);
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"block '{key}:' contains template actions:\n{text}");
        }

        return Yaml.ParseSingle(text);
    }

    /// <summary>Names of the env vars a container template lists, in order.</summary>
    public static List<string> EnvNames(string template) =>
        EnvName().Matches(template).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The value expression under "- name: <paramref name="env"/>".</summary>
    public static string EnvValueExpression(string template, string env)
    {
        var m = Regex.Match(template, @"- name: " + Regex.Escape(env) + @"\s*\n\s*value: (.+)");
        return m.Success ? m.Groups[1].Value.Trim() : throw new InvalidOperationException($"env {env} not in template");
    }

    [GeneratedRegex(@"\{\{ \.Values\.([A-Za-z0-9_.]+) \}\}")]
    private static partial Regex ValuesExpression();

    [GeneratedRegex(@"(?m)^kind: (\S+)\s*$")]
    private static partial Regex KindLine();

    [GeneratedRegex(@"(?m)^metadata:\s*\n  name: (.+)$")]
    private static partial Regex MetadataName();

    [GeneratedRegex(@"(?m)^\s+- name: ([A-Za-z0-9_]+__[A-Za-z0-9_]+|AWS_[A-Z_]+)\s*$")]
    private static partial Regex EnvName();
}
