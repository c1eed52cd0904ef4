using k8s.Models;
using Microsoft.Extensions.FileSystemGlobbing;
using PodIdentity.Manifests;
using PodIdentity.Webhook.Hosting;

namespace PodIdentity.Webhook.Demo;

/// <summary>
/// Demo mode's ServiceAccounts: every one in local YAML files, loaded once at start (a later file's
/// namespace/name replaces an earlier one's). <see cref="DemoServiceAccountLookup"/> answers reviews from them.
/// </summary>
public sealed class DemoServiceAccounts
{
    private readonly Dictionary<(string Namespace, string Name), V1ServiceAccount> _accounts;

    public DemoServiceAccounts(IEnumerable<V1ServiceAccount> accounts, IReadOnlyList<string> files)
    {
        _accounts = [];
        foreach (var account in accounts)
        {
            _accounts[(NamespaceOf(account), account.Metadata?.Name ?? "")] = account;
        }

        Files = files;
    }

    public int Count => _accounts.Count;

    public IReadOnlyList<string> Files { get; }

    public IEnumerable<V1ServiceAccount> Accounts => _accounts.Values;

    /// <summary>A manifest without metadata.namespace is applied to "default", as kubectl does.</summary>
    public static string NamespaceOf(V1ServiceAccount account) => account.Metadata?.NamespaceProperty ?? "default";

    /// <summary>Resolves <paramref name="spec"/> against the current directory, then the repository root, and loads every ServiceAccount.</summary>
    public static DemoServiceAccounts Load(string spec, string currentDirectory)
    {
        var searched = new List<string>();
        foreach (var root in Roots(currentDirectory))
        {
            var files = Resolve(spec, root);
            searched.Add(Path.GetFullPath(Path.Combine(root, spec)));
            if (files.Count == 0)
            {
                continue;
            }

            var accounts = new List<V1ServiceAccount>();
            foreach (var file in files)
            {
                try
                {
                    accounts.AddRange(KubernetesManifest.LoadAll<V1ServiceAccount>(File.ReadAllText(file)));
                }
                catch (Exception e) when (e is ManifestException or IOException)
                {
                    throw new WebhookConfigurationException($"Demo:ServiceAccounts: {file} is not a readable Kubernetes manifest ({e.Message.Trim()})");
                }
            }

            if (accounts.Count == 0)
            {
                throw new WebhookConfigurationException($"Demo:ServiceAccounts \"{spec}\": {files.Count} file(s) found under {root} but no ServiceAccount in them (kind: ServiceAccount)");
            }

            return new DemoServiceAccounts(accounts, files);
        }

        throw new WebhookConfigurationException(
            $"Demo:ServiceAccounts \"{spec}\" matches no file (looked in {string.Join(" and ", searched.Distinct())}); give a folder, a file or a glob such as deploy/examples/**/serviceaccount.yaml");
    }

    private static IEnumerable<string> Roots(string currentDirectory)
    {
        yield return currentDirectory;
        foreach (var start in new[] { currentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Webhook.sln")))
                {
                    yield return dir.FullName;
                    break;
                }
            }
        }
    }

    private static List<string> Resolve(string spec, string root)
    {
        var full = Path.GetFullPath(Path.Combine(root, spec));
        if (File.Exists(full))
        {
            return [full];
        }

        if (Directory.Exists(full))
        {
            return [.. Directory.EnumerateFiles(full, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
        }

        if (spec.IndexOfAny(['*', '?']) < 0)
        {
            return [];
        }

        // Split "a/b/**/c.yaml" into the folder "a/b" and the pattern "**/c.yaml".
        var segments = spec.Replace('\\', '/').Split('/');
        var fixedCount = segments.TakeWhile(s => s.IndexOfAny(['*', '?']) < 0).Count();
        var baseDirectory = Path.GetFullPath(Path.Combine(root, string.Join('/', segments[..fixedCount])));
        if (!Directory.Exists(baseDirectory))
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments[fixedCount..]));
        return [.. matcher.GetResultsInFullPath(baseDirectory).Order(StringComparer.Ordinal)];
    }
}
