// Merges two `dotnet publish` outputs into one folder for the single runtime image (Dockerfile).
// usage: dotnet run build/merge-publish.cs -- <first> <second> <destination>
// Files only one app has are copied; files both have must be byte-identical (a shared dependency at two
// different versions would break one app, so that fails the build); appsettings*.json, which both web
// projects have and which is read from the working directory, is deep-merged, and a key that both set to
// different values fails the build.
using System.Text.Json;
using System.Text.Json.Nodes;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: merge-publish <first> <second> <destination>");
    return 2;
}

var (first, second, destination) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));
var errors = new List<string>();
CopyTree(first, destination);
foreach (var source in Directory.EnumerateFiles(second, "*", SearchOption.AllDirectories))
{
    var relative = Path.GetRelativePath(second, source);
    var target = Path.Combine(destination, relative);
    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
    if (!File.Exists(target))
    {
        File.Copy(source, target);
    }
    else if (IsSettings(relative))
    {
        var merged = JsonNode.Parse(File.ReadAllText(target))!.AsObject();
        Merge(merged, JsonNode.Parse(File.ReadAllText(source))!.AsObject(), relative, errors);
        File.WriteAllText(target, merged.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
    else if (!File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(target)))
    {
        errors.Add($"{relative}: both apps publish it with different content (align the package versions)");
    }
}

foreach (var error in errors)
{
    Console.Error.WriteLine($"merge-publish: {error}");
}

return errors.Count == 0 ? 0 : 1;

static bool IsSettings(string relative) =>
    !relative.Contains(Path.DirectorySeparatorChar) &&
    relative.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) &&
    relative.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

static void CopyTree(string from, string to)
{
    foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
    {
        var target = Path.Combine(to, Path.GetRelativePath(from, file));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target, overwrite: true);
    }
}

static void Merge(JsonObject into, JsonObject from, string path, List<string> errors)
{
    foreach (var (key, value) in from.ToList())
    {
        var existing = into[key];
        if (existing is null && !into.ContainsKey(key))
        {
            into[key] = value?.DeepClone();
        }
        else if (existing is JsonObject a && value is JsonObject b)
        {
            Merge(a, b, $"{path}:{key}", errors);
        }
        else if (!JsonNode.DeepEquals(existing, value))
        {
            errors.Add($"{path}:{key}: the two apps set different values");
        }
    }
}
