using System.Reflection;

namespace PodIdentity.Acceptance.Tests.Harness;

internal static class RepositoryPaths
{
    /// <summary>The folder holding Webhook.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The probe's entry assembly, built by the project reference (see the .csproj's ProbeAssembly metadata).</summary>
    public static string ProbeAssembly { get; } = Existing(
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProbeAssembly").Value!,
        "build tests/CredentialProbe");

    public static string EnterContainerScript { get; } = Existing(Path.Combine(AppContext.BaseDirectory, "Harness", "enter-container.sh"), "rebuild tests/Acceptance.Tests");

    /// <summary>The dotnet muxer running the tests (the SDK sets DOTNET_HOST_PATH); it needs no environment to start an app.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : throw new InvalidOperationException("cannot tell which dotnet runs the tests: DOTNET_HOST_PATH is not set; run them with `dotnet test`");

    private static string Existing(string path, string hint) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"{path} does not exist: {hint}");

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
