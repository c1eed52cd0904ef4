using System.Text.RegularExpressions;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>The Dockerfile's invariants, read from its text (no Docker engine here).</summary>
public class DockerfileTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(Repo.Root, "Dockerfile"));

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static readonly List<(string Op, string Args)> Instructions = Regex.Replace(
            string.Join('\n', Text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), @"\\\n", " ")
        .Split('\n')
        .Where(l => l.Trim().Length > 0)
        .Select(l => l.Trim().Split(' ', 2))
        .Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : ""))
        .ToList();

    private static List<(string Op, string Args)> FinalStage =>
        Instructions.Skip(Instructions.FindLastIndex(i => i.Op == "FROM")).ToList();

    [Fact]
    public void Is_multi_stage_from_the_sdk_to_the_chiseled_runtime()
    {
        var froms = Instructions.Where(i => i.Op == "FROM").Select(i => i.Args).ToList();
        Assert.True(froms.Count >= 2, "expected a build stage and a runtime stage");
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0 AS build", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", froms[^1], StringComparison.Ordinal);
        Assert.Contains(FinalStage, i => i.Op == "COPY" && i.Args.StartsWith("--from=build", StringComparison.Ordinal));
    }

    [Fact]
    public void Runs_as_the_charts_non_root_uid()
    {
        var user = FinalStage.Last(i => i.Op == "USER").Args;
        var uid = user.Split(':')[0];
        Assert.Matches("^[0-9]+$", uid);
        Assert.NotEqual("0", uid);
        Assert.Equal(((int)Repo.Values["securityContext"]!["runAsUser"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), uid);
        Assert.Equal(((int)Repo.Values["podSecurityContext"]!["runAsGroup"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), user.Split(':')[1]);
    }

    [Fact]
    public void Final_stage_needs_no_shell()
    {
        Assert.DoesNotContain(FinalStage, i => i.Op is "RUN" or "HEALTHCHECK" or "SHELL");
        Assert.Equal("[\"/app/PodIdentity.Webhook\"]", FinalStage.Single(i => i.Op == "ENTRYPOINT").Args);
        Assert.Equal("[\"serve\"]", FinalStage.Single(i => i.Op == "CMD").Args);
    }

    [Fact]
    public void Publishes_the_webhook_native_and_the_companion_framework_dependent_into_app()
    {
        var run = Instructions.Where(i => i.Op == "RUN").Select(i => i.Args).Single(a => a.Contains("dotnet publish", StringComparison.Ordinal));
        var publishes = run.Split("dotnet publish ", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var webhook = Assert.Single(publishes, p => p.StartsWith("src/Webhook/PodIdentity.Webhook.csproj", StringComparison.Ordinal));
        var discovery = Assert.Single(publishes, p => p.StartsWith("src/Discovery/PodIdentity.Discovery.csproj", StringComparison.Ordinal));

        // The webhook project itself says PublishAot (so its build runs the AOT analyzers); the image
        // must not switch it off, and the build stage must have the native toolchain it links with.
        Assert.Contains("<PublishAot>true</PublishAot>", File.ReadAllText(Path.Combine(Repo.Root, "src", "Webhook", "PodIdentity.Webhook.csproj")), StringComparison.Ordinal);
        Assert.DoesNotContain("PublishAot=false", webhook, StringComparison.Ordinal);
        Assert.DoesNotContain("--self-contained false", webhook, StringComparison.Ordinal);
        Assert.Contains(Instructions, i => i.Op == "RUN" && i.Args.Contains("clang", StringComparison.Ordinal) && i.Args.Contains("zlib1g-dev", StringComparison.Ordinal));
        Assert.DoesNotContain("--platform=$BUILDPLATFORM", Instructions.First(i => i.Op == "FROM").Args, StringComparison.Ordinal);

        Assert.Contains("--self-contained false", discovery, StringComparison.Ordinal);
        Assert.DoesNotContain("PublishTrimmed=true", discovery, StringComparison.Ordinal);
        Assert.Contains("test -x /app/PodIdentity.Webhook && test -x /app/PodIdentity.Discovery", Text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Repo.Root, "build", "merge-publish.cs")));

        // The chart's companion runs the second program of the same image.
        Assert.Contains("command: [\"/app/PodIdentity.Discovery\"]", Repo.Template("discovery/deployment.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_helper_target_is_a_pinned_checksummed_release_in_a_shell_less_non_root_image()
    {
        var start = Instructions.FindIndex(i => i.Op == "FROM" && i.Args.EndsWith(" AS signing-helper", StringComparison.Ordinal));
        Assert.True(start > 0, "no signing-helper stage");
        var stage = Instructions.Skip(start).TakeWhile((i, n) => n == 0 || i.Op != "FROM").ToList();
        Assert.Equal("scratch AS signing-helper", stage[0].Args);
        Assert.DoesNotContain(stage, i => i.Op is "RUN" or "SHELL");
        Assert.Equal("65532:65532", stage.Single(i => i.Op == "USER").Args);
        Assert.Contains(stage, i => i.Op == "COPY" && i.Args == "--from=signing-helper-fetch --chown=0:0 /out/ /");

        // Both architectures pinned by version and SHA-256, and the download checked before anything uses it.
        var fetch = Instructions.Where(i => i.Op == "RUN" && i.Args.Contains("aws_signing_helper", StringComparison.Ordinal)).Select(i => i.Args).Single();
        Assert.Matches(@"ARG SIGNING_HELPER_SHA256_AMD64=[0-9a-f]{64}\n", Text);
        Assert.Matches(@"ARG SIGNING_HELPER_SHA256_ARM64=[0-9a-f]{64}\n", Text);
        Assert.Contains("https://rolesanywhere.amazonaws.com/releases/${SIGNING_HELPER_VERSION}/${arch}/Linux/aws_signing_helper", fetch, StringComparison.Ordinal);
        Assert.Contains("amd64|\"\") arch=X86_64", fetch, StringComparison.Ordinal);
        Assert.Contains("arm64) arch=Aarch64", fetch, StringComparison.Ordinal);
        Assert.True(fetch.IndexOf("sha256sum -c", StringComparison.Ordinal) > fetch.IndexOf("curl", StringComparison.Ordinal));

        // The layout the webhook's init container relies on: /aws_signing_helper and a static /bin/cp.
        Assert.Contains("/out/aws_signing_helper", fetch, StringComparison.Ordinal);
        Assert.Contains("cp /bin/busybox /out/bin/cp", fetch, StringComparison.Ordinal);
        Assert.Contains("busybox-static", Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_context_leaves_out_build_outputs()
    {
        var ignore = File.ReadAllLines(Path.Combine(Repo.Root, ".dockerignore"));
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains(".git/", ignore);
    }
}
