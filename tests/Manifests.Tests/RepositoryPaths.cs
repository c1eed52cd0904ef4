namespace PodIdentity.Manifests.Tests;

internal static class RepositoryPaths
{
    /// <summary>The folder holding Webhook.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Webhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Webhook.sln not found above {AppContext.BaseDirectory}");
    }
}
