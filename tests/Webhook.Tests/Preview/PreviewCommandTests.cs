using PodIdentity.Webhook.Preview;

namespace PodIdentity.Webhook.Tests.Preview;

public sealed class PreviewCommandTests
{
    private static readonly string Examples = Path.Combine(RepositoryPaths.Root, "deploy", "examples");

    /// <summary>Every deploy/examples/&lt;cloud&gt;/ pair previews to its golden pod.</summary>
    public static IEnumerable<object[]> ExampleFolders =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "deploy", "examples"))
            .Where(d => File.Exists(Path.Combine(d, "pod.yaml")) && File.Exists(Path.Combine(d, "serviceaccount.yaml")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name! });

    /// <summary>Configuration an example needs beyond the defaults: providers that are off by default are switched on.</summary>
    private static readonly Dictionary<string, string[]> ExampleConfiguration = new(StringComparer.Ordinal)
    {
        ["azure"] = ["--Azure:Enabled", "true"],
    };

    /// <summary>The preview arguments for one example folder, its configuration included.</summary>
    internal static string[] ExampleArguments(string cloud) =>
        ["--pod", Example(cloud, "pod.yaml"), "--service-account", Example(cloud, "serviceaccount.yaml"), .. ExampleConfiguration.GetValueOrDefault(cloud, [])];

    [Theory]
    [MemberData(nameof(ExampleFolders))]
    public void Example_previews_to_golden_pod(string cloud)
    {
        var (exit, stdout, stderr) = Run(ExampleArguments(cloud));

        Assert.True(exit == PreviewCommand.Allowed, stderr);
        var golden = Path.Combine(RepositoryPaths.Fixtures, "preview", cloud + ".yaml");
        Assert.True(File.Exists(golden), $"missing golden file tests/Webhook.Tests/Fixtures/preview/{cloud}.yaml; preview printed:\n{stdout}");
        Assert.Equal(File.ReadAllText(golden), stdout);
    }

    [Fact]
    public void Patch_output_of_an_already_mutated_pod_is_exactly_empty_array()
    {
        var (_, mutated, _) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", Example("aws", "serviceaccount.yaml"));
        var path = Path.Combine(Path.GetTempPath(), $"mutated-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, mutated);
        try
        {
            var (exit, stdout, _) = Run("--pod", path, "--service-account", Example("aws", "serviceaccount.yaml"), "-o", "patch");

            Assert.Equal(PreviewCommand.Allowed, exit);
            Assert.Equal("[]\n", stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Patch_output_lists_add_operations_and_reads_configuration_arguments()
    {
        var (exit, stdout, _) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", Example("aws", "serviceaccount.yaml"), "-o", "patch", "--Aws:StsRegionalEndpoints", "false", "--Aws:TokenMountPath=/aws");

        Assert.Equal(PreviewCommand.Allowed, exit);
        Assert.Contains("\"path\": \"/spec/volumes\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"value\": \"/aws/token\"", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"op\": \"replace\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_input_files_are_accepted()
    {
        var pod = Temp(".json", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"demo"},"spec":{"serviceAccountName":"s3-reader","containers":[{"name":"c","image":"busybox"}]}}""");
        try
        {
            var (exit, stdout, stderr) = Run("--pod", pod, "--service-account", Example("aws", "serviceaccount.yaml"));

            Assert.True(exit == PreviewCommand.Allowed, stderr);
            Assert.Contains("AWS_WEB_IDENTITY_TOKEN_FILE", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pod);
        }
    }

    [Fact]
    public void Invalid_annotation_is_denied_with_the_message_and_exit_1()
    {
        var sa = ServiceAccountWithRoleArn("arn:aws:iam::111122223333:user/bob");
        try
        {
            var (exit, stdout, stderr) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", sa);

            Assert.Equal(PreviewCommand.Denied, exit);
            Assert.Equal("", stdout);
            Assert.Contains("denied: ServiceAccount \"demo/s3-reader\" annotation eks.amazonaws.com/role-arn=\"arn:aws:iam::111122223333:user/bob\" is invalid", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(sa);
        }
    }

    [Fact]
    public void Warn_mode_allows_and_prints_the_warning_on_stderr()
    {
        var sa = ServiceAccountWithRoleArn("not-an-arn");
        try
        {
            var (exit, stdout, stderr) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", sa, "-o", "patch", "--Mutation:InvalidAnnotations", "Warn");

            Assert.Equal(PreviewCommand.Allowed, exit);
            Assert.Equal("[]\n", stdout);
            Assert.Contains("warning: ServiceAccount \"demo/s3-reader\" annotation eks.amazonaws.com/role-arn=\"not-an-arn\" is invalid", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(sa);
        }
    }

    [Theory]
    [InlineData("missing-file", "file not found (expected a Pod manifest in YAML or JSON)")]
    [InlineData("wrong-kind", "contains ServiceAccount, not a Pod; expected apiVersion: v1, kind: Pod")]
    public void Bad_pod_file_exits_2_with_a_clear_message(string what, string message)
    {
        var pod = what == "missing-file" ? "does/not/exist.yaml" : Example("aws", "serviceaccount.yaml");

        var (exit, _, stderr) = Run("--pod", pod, "--service-account", Example("aws", "serviceaccount.yaml"));

        Assert.Equal(PreviewCommand.BadInput, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nspec: [a, b\n", "not a readable Kubernetes manifest (line 4, column 1: ")]
    [InlineData("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      env: {a: b}\n", "not a readable Kubernetes manifest (line 6, column 12: ")]
    [InlineData("apiVersion: v2\nkind: Pod\n---\napiVersion: example.com/v1\nkind: Widget\n", "contains Pod (apiVersion: v2), Widget, not a Pod; expected apiVersion: v1, kind: Pod")]
    public void Unusable_pod_manifest_exits_2_saying_where_or_what(string content, string message)
    {
        var pod = Temp(".yaml", content);
        try
        {
            var (exit, _, stderr) = Run("--pod", pod, "--service-account", Example("aws", "serviceaccount.yaml"));

            Assert.Equal(PreviewCommand.BadInput, exit);
            Assert.Contains($"{pod}: {message}", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pod);
        }
    }

    [Theory]
    [InlineData("    containers: [~]", "spec.containers[0] is null: expected a container object")]
    [InlineData("    containers:\n      - name: app\n        image: busybox\n        env: [~]", "spec.containers[0].env[0] is null")]
    [InlineData("    containers:\n      - name: app\n        image: busybox\n    volumes: [~]", "spec.volumes[0] is null")]
    public void A_pod_with_a_null_list_element_exits_2_naming_it(string spec, string expected)
    {
        // Issue 14 item 1: this once died with an unhandled exception (exit 134).
        var pod = Temp(".yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: demo\nspec:\n    serviceAccountName: s3-reader\n" + spec + "\n");
        try
        {
            var (exit, stdout, stderr) = Run("--pod", pod, "--service-account", Example("aws", "serviceaccount.yaml"));

            Assert.Equal(PreviewCommand.BadInput, exit);
            Assert.Equal("", stdout);
            Assert.Contains($"error: {pod}: {expected}", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pod);
        }
    }

    [Fact]
    public void Invalid_configuration_exits_2_naming_the_key()
    {
        var (exit, _, stderr) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", Example("aws", "serviceaccount.yaml"), "--Aws:TokenExpirationSeconds", "5");

        Assert.Equal(PreviewCommand.BadInput, exit);
        Assert.Contains("Aws:TokenExpirationSeconds 5 is invalid: expected seconds between 600 and 4294967295", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_token_lifetime_maximum_below_600_exits_2_naming_the_key()
    {
        var (exit, _, stderr) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", Example("aws", "serviceaccount.yaml"), "--Mutation:MaxPodTokenExpirationSeconds", "60");

        Assert.Equal(PreviewCommand.BadInput, exit);
        Assert.Contains("Mutation:MaxPodTokenExpirationSeconds 60 is invalid: expected seconds between 600 and 4294967295, e.g. 172800", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_option_value_exits_2_listing_the_valid_values()
    {
        var (exit, _, stderr) = Run("--pod", Example("aws", "pod.yaml"), "--service-account", Example("aws", "serviceaccount.yaml"), "--Mutation:InvalidAnnotations", "Maybe");

        Assert.Equal(PreviewCommand.BadInput, exit);
        Assert.Contains("'Maybe' at 'Mutation:InvalidAnnotations'", stderr, StringComparison.Ordinal);
        Assert.Contains("Expected \"Deny\" (reject pods with invalid annotations) or \"Warn\"", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--pod", "p.yaml" }, "Option '--service-account' is required")]
    [InlineData(new[] { "--service-account", "s.yaml" }, "Option '--pod' is required")]
    [InlineData(new[] { "--pod", "p.yaml", "--service-account", "s.yaml", "-o", "json" }, "Argument 'json' not recognized. Must be one of: 'pod' 'yaml' 'patch'")]
    [InlineData(new[] { "--pod", "p.yaml", "--service-account", "s.yaml", "--frobnicate" }, "Unrecognized command or argument '--frobnicate'")]
    [InlineData(new[] { "--pod", "--service-account", "s.yaml" }, "--pod needs a value, e.g. --pod pod.yaml")]
    public void Bad_arguments_exit_2_with_usage(string[] args, string message)
    {
        var (exit, _, stderr) = Run(args);

        Assert.Equal(PreviewCommand.BadInput, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("usage: PodIdentity.Webhook preview", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static string ServiceAccountWithRoleArn(string roleArn) => Temp(".yaml", $"""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: s3-reader
          namespace: demo
          annotations:
            eks.amazonaws.com/role-arn: "{roleArn}"
        """);

    private static string Example(string cloud, string file) => Path.Combine(Examples, cloud, file);

    private static string Temp(string extension, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"preview-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = PreviewCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
