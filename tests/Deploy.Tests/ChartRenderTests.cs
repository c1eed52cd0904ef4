using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>
/// The chart rendered by real Helm for every documented values combination: every object (test hooks
/// included) validates against the Kubernetes, cert-manager and prometheus-operator schemas, and the
/// rendering does what values.yaml and docs/install.md say.
/// </summary>
public partial class ChartRenderTests
{
    /// <summary>The defaults, each good values file, and the oldest Kubernetes the chart allows.</summary>
    public static TheoryData<string[]> Combinations
    {
        get
        {
            var data = new TheoryData<string[]> { Array.Empty<string>(), new[] { "--kube-version", "1.25.0" } };
            foreach (var file in Fixtures.ValuesFilePaths("good"))
            {
                data.Add(["-f", file]);
            }

            return data;
        }
    }

    public static TheoryData<string> KustomizeTrees => new() { "deploy", "deploy/overlays/aws", "deploy/overlays/coreweave", "deploy/overlays/gcp", "deploy/overlays/discovery" };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_rendered_object_validates_against_its_schema(string[] arguments)
    {
        var objects = Helm.Template(arguments);
        var errors = ObjectSchemas.Errors(objects);
        Assert.True(errors.Count == 0, $"helm template {string.Join(' ', arguments)}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(KustomizeTrees))]
    public void Every_kustomize_object_validates_against_its_schema(string tree)
    {
        var errors = ObjectSchemas.Errors(Kustomize.Render(Path.Combine(Repo.Root, tree)));
        Assert.True(errors.Count == 0, $"{tree}:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void Every_example_validates_against_its_schema_and_labels_its_namespace_for_injection()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Repo.DeployDir, "examples"), "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var objects = Yaml.Objects(File.ReadAllText(file));
            var errors = ObjectSchemas.Errors(objects);
            Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
        }

        // Applied as their comments say, the pods of each cloud's example must be sent to the webhook.
        foreach (var cloud in new[] { "aws", "coreweave", "gcp" })
        {
            var objects = Directory.EnumerateFiles(Path.Combine(Repo.DeployDir, "examples", cloud), "*.yaml")
                .SelectMany(f => Yaml.Objects(File.ReadAllText(f))).ToList();
            var pod = objects.Single("Pod");
            var ns = objects.Single("Namespace", pod.Namespace());
            Assert.Equal("enabled", (string?)ns["metadata"]!["labels"]?["pod-identity.io/inject"]);
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_container_has_one_env_entry_per_name(string[] arguments)
    {
        foreach (var workload in Helm.Template(arguments).Where(o => o.Kind() is "Deployment" or "Pod"))
        {
            var spec = workload.Kind() == "Pod" ? workload["spec"]! : workload["spec"]!["template"]!["spec"]!;
            foreach (var container in spec["containers"]!.AsArray())
            {
                var names = container!["env"]?.AsArray().Select(e => (string)e!["name"]!).ToList() ?? [];
                var duplicates = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                Assert.True(duplicates.Count == 0, $"{workload.Name()}/{container["name"]}: duplicate env {string.Join(", ", duplicates)}");
            }
        }
    }

    [Fact]
    public void ExtraEnv_replaces_the_chart_entry_of_the_same_name_in_place_and_appends_the_rest()
    {
        var defaults = Helm.Template().Webhook().Container("webhook")["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        var container = Helm.Template(
                "--set-json", """extraEnv=[{"name":"Aws__Region","value":"eu-west-1"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]""",
                "--set-json", """discovery.extraEnv=[{"name":"Discovery__Interval","value":"00:05:00"}]""",
                "--set", "discovery.enabled=true", "--set", "discovery.issuer=https://oidc.example.com")
            .Webhook().Container("webhook");
        var env = container["env"]!.AsArray();
        Assert.Equal([.. defaults, "POD_NAME"], env.Select(e => (string)e!["name"]!).ToList());
        Assert.Equal("eu-west-1", container.Env()["Aws__Region"]);
        Assert.Equal("metadata.name", (string)env.Single(e => (string)e!["name"]! == "POD_NAME")!["valueFrom"]!["fieldRef"]!["fieldPath"]!);

        var discovery = Helm.Template("--set-json", """discovery.extraEnv=[{"name":"Discovery__Interval","value":"00:05:00"}]""", "--set", "discovery.enabled=true", "--set", "discovery.issuer=https://oidc.example.com")
            .Single("Deployment", Repo.ReleaseName + "-discovery").Container("discovery");
        Assert.Equal("00:05:00", discovery.Env()["Discovery__Interval"]);
    }

    [Fact]
    public void Values_reach_the_webhook_env()
    {
        var env = Helm.Template(
                "--set", "aws.region=eu-west-1", "--set", "coreweave.orgId=org-7", "--set", "gcp.tokenExpirationSeconds=7200",
                "--set", "config.enableHttp2=true", "--set", "containerPorts.https=9443", "--set", "aws.tokenExpirationSeconds=1000000")
            .Webhook().Container("webhook").Env();
        Assert.Equal("eu-west-1", env["Aws__Region"]);
        Assert.Equal("org-7", env["CoreWeave__OrgId"]);
        Assert.Equal("7200", env["Gcp__TokenExpirationSeconds"]);
        Assert.Equal("true", env["Tls__EnableHttp2"]);
        Assert.Equal("9443", env["Server__HttpsPort"]);
        // Helm reads numbers as float64; without | int this would be 1e+06.
        Assert.Equal("1000000", env["Aws__TokenExpirationSeconds"]);
    }

    [Theory]
    [InlineData("1.25.0", false)]
    [InlineData("1.26.9", false)]
    [InlineData("1.27.0", true)]
    [InlineData("1.33.0", true)]
    public void Pdb_sets_unhealthyPodEvictionPolicy_only_where_the_api_server_knows_it(string kubeVersion, bool expected)
    {
        var pdb = Helm.Template("--kube-version", kubeVersion).Single("PodDisruptionBudget")["spec"]!;
        Assert.Equal(expected, pdb["unhealthyPodEvictionPolicy"] is not null);
        Assert.Empty(Helm.Template("--set", "replicaCount=1").OfKind("PodDisruptionBudget"));
    }

    [Fact]
    public void NetworkPolicy_requires_webhookFrom_and_opens_metrics_only_to_metricsFrom()
    {
        var refused = Helm.TryTemplate("--set", "networkPolicy.enabled=true");
        Assert.False(refused.Succeeded);
        Assert.Contains("networkPolicy.webhookFrom", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("ipBlock", refused.Stderr, StringComparison.Ordinal);

        const string from = """networkPolicy.webhookFrom=[{"ipBlock":{"cidr":"10.0.0.0/24"}}]""";
        var policy = Helm.Template("--set", "networkPolicy.enabled=true", "--set-json", from).Single("NetworkPolicy");
        var rule = Assert.Single(policy["spec"]!["ingress"]!.AsArray())!;
        Assert.Equal("https", (string)rule["ports"]![0]!["port"]!);
        Assert.Equal("10.0.0.0/24", (string)rule["from"]![0]!["ipBlock"]!["cidr"]!);

        var withMetrics = Helm.Template(
            "--set", "networkPolicy.enabled=true", "--set-json", from,
            "--set-json", """networkPolicy.metricsFrom=[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}]""")
            .Single("NetworkPolicy")["spec"]!["ingress"]!.AsArray();
        Assert.Equal(2, withMetrics.Count);
        Assert.All(withMetrics, r => Assert.NotEmpty(r!["from"]!.AsArray()));
        Assert.Equal("metrics", (string)withMetrics[1]!["ports"]![0]!["port"]!);
    }

    [Fact]
    public void MatchConditions_render_when_set_and_need_kubernetes_1_28()
    {
        Assert.Null(Helm.Template().Single("MutatingWebhookConfiguration")["webhooks"]![0]!["matchConditions"]);
        var file = Path.Combine(Repo.FixturesDir, "values", "good", "match-conditions.yaml");
        var conditions = Helm.Template("-f", file).Single("MutatingWebhookConfiguration")["webhooks"]![0]!["matchConditions"]!.AsArray();
        Assert.Equal(["not-the-default-serviceaccount", "not-from-a-node"], conditions.Select(c => (string)c!["name"]!).ToList());

        var old = Helm.TryTemplate("-f", file, "--kube-version", "1.27.0");
        Assert.False(old.Succeeded);
        Assert.Contains("webhook.matchConditions needs Kubernetes >= 1.28", old.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Helm_test_posts_a_sample_review_from_a_hardened_pod()
    {
        var tests = Helm.Template().Hooks("test");
        Assert.Equal(["ConfigMap", "Pod", "ServiceAccount"], tests.Select(o => o.Kind()).Order(StringComparer.Ordinal).ToList());
        Assert.Empty(Helm.Template("--set", "test.enabled=false").Hooks("test"));

        var account = tests.Single("ServiceAccount");
        Assert.Equal("arn:aws:iam::111122223333:role/pod-identity-webhook-helm-test", (string)account["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]!);

        var review = JsonNode.Parse((string)tests.Single("ConfigMap")["data"]!["review.json"]!)!;
        Assert.Equal("AdmissionReview", (string)review["kind"]!);
        Assert.Equal("CREATE", (string)review["request"]!["operation"]!);
        Assert.Equal(account.Name(), (string)review["request"]!["object"]!["spec"]!["serviceAccountName"]!);
        var uid = (string)review["request"]!["uid"]!;

        var pod = tests.Single("Pod");
        var spec = pod["spec"]!;
        Assert.True((bool)spec["securityContext"]!["runAsNonRoot"]!);
        Assert.Equal("Never", (string)spec["restartPolicy"]!);
        var container = Assert.Single(spec["containers"]!.AsArray())!;
        Assert.True((bool)container["securityContext"]!["readOnlyRootFilesystem"]!);
        Assert.False((bool)container["securityContext"]!["allowPrivilegeEscalation"]!);
        Assert.Equal("docker.io/curlimages/curl:8.11.1", (string)container["image"]!);
        var script = (string)container["args"]![0]!;
        Assert.Contains($"https://{Repo.ReleaseName}.{Repo.ReleaseNamespace}.svc:443/mutate", script, StringComparison.Ordinal);
        Assert.Contains("--cacert /etc/webhook-ca/ca.crt", script, StringComparison.Ordinal);
        Assert.Contains(uid, script, StringComparison.Ordinal);
        Assert.Contains("\"allowed\": *true", script, StringComparison.Ordinal);
        Assert.Contains("\"patch\": *\"", script, StringComparison.Ordinal);

        // The CA comes from the serving Secret that cert-manager writes.
        var ca = spec["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "ca")!;
        Assert.Equal(Repo.ReleaseName + "-tls", (string)ca["secret"]!["secretName"]!);
    }

    [Fact]
    public void Helm_test_image_can_be_pinned_by_digest_and_expects_no_patch_without_aws()
    {
        var pod = Helm.Template("-f", Path.Combine(Repo.FixturesDir, "values", "good", "test-image-digest.yaml")).Hooks("test").Single("Pod");
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("registry.example.com/mirror/curl@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", (string)container["image"]!);
        Assert.DoesNotContain("\"patch\"", (string)container["args"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Helm_test_trusts_the_manual_ca_bundle_in_manual_tls_mode()
    {
        var tests = Helm.Template("-f", Path.Combine(Repo.FixturesDir, "values", "good", "manual-existing-secret.yaml")).Hooks("test");
        Assert.Contains("-----BEGIN CERTIFICATE-----", (string)tests.Single("ConfigMap")["data"]!["ca.crt"]!, StringComparison.Ordinal);
        var ca = tests.Single("Pod")["spec"]!["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "ca")!;
        Assert.Equal(tests.Single("ConfigMap").Name(), (string)ca["configMap"]!["name"]!);
    }

    [Fact]
    public void Alerts_and_dashboard_are_optional_and_query_only_metrics_the_programs_export()
    {
        Assert.DoesNotContain(Helm.Template(), o => o.Kind() == "PrometheusRule" || o.Name().EndsWith("-dashboard", StringComparison.Ordinal));

        var objects = Helm.Template("--set", "prometheusRule.enabled=true", "--set", "grafanaDashboard.enabled=true",
            "--set", "discovery.enabled=true", "--set", "discovery.issuer=https://oidc.example.com");
        var rule = objects.Single("PrometheusRule");
        var alerts = rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToList();
        Assert.Equal(
            ["PodIdentityDiscoveryNotPublishing", "PodIdentityDiscoveryPublicCopyDiffers", "PodIdentityWebhookCertificateExpiring", "PodIdentityWebhookCertificateReloadFailing",
             "PodIdentityWebhookDown", "PodIdentityWebhookErrorsOrDenials", "PodIdentityWebhookLatencyHigh", "PodIdentityWebhookNotReady"],
            alerts.Select(a => (string)a!["alert"]!).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("< 1209600", (string)alerts.Single(a => (string)a!["alert"]! == "PodIdentityWebhookCertificateExpiring")!["expr"]!, StringComparison.Ordinal);

        var dashboard = objects.Single("ConfigMap", Repo.ReleaseName + "-dashboard");
        Assert.Equal("1", (string)dashboard["metadata"]!["labels"]!["grafana_dashboard"]!);
        var json = JsonNode.Parse((string)dashboard["data"]!["pod-identity-webhook.json"]!)!;
        var panels = json["panels"]!.AsArray();
        Assert.NotEmpty(panels);

        var queries = alerts.Select(a => (string)a!["expr"]!)
            .Concat(panels.SelectMany(p => p!["targets"]!.AsArray().Select(t => (string)t!["expr"]!)))
            .ToList();
        var exported = File.ReadAllText(Path.Combine(Repo.Root, "src", "Webhook", "Observability", "WebhookMetrics.cs"))
            + File.ReadAllText(Path.Combine(Repo.Root, "src", "Discovery", "Observability", "DiscoveryMetrics.cs"));
        var used = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).Distinct().ToList();
        Assert.NotEmpty(used);
        foreach (var name in used)
        {
            var family = Regex.Replace(name, "_(bucket|count|sum)$", "");
            Assert.True(exported.Contains($"\"{family}\"", StringComparison.Ordinal), $"{name} is queried but neither program exports {family}");
        }
    }

    [Fact]
    public void Notes_say_the_replica_count_and_how_to_run_preview_and_helm_test()
    {
        var notes = Helm.Notes("--set", "replicaCount=3");
        Assert.Contains("ready (3 of 3)", notes, StringComparison.Ordinal);
        Assert.Contains("helm test pod-identity-webhook -n pod-identity-system", notes, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/Webhook -- preview", notes, StringComparison.Ordinal);
        Assert.Contains("docker run --rm -v \"$PWD:/work\" -w /work ghcr.io/pod-identity/pod-identity-webhook:0.1.0 preview", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_replicas_spread_over_nodes_and_zones()
    {
        var deployment = Helm.Template("--set", "discovery.enabled=true", "--set", "discovery.issuer=https://oidc.example.com")
            .Single("Deployment", Repo.ReleaseName + "-discovery");
        var podSpec = deployment["spec"]!["template"]!["spec"]!;
        var podLabels = K8s.Labels(deployment["spec"]!["template"]!["metadata"]!["labels"]);
        var anti = Assert.Single(podSpec["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]!.AsArray())!;
        Assert.Equal("kubernetes.io/hostname", (string)anti["podAffinityTerm"]!["topologyKey"]!);
        Assert.True(K8s.Selects(K8s.Labels(anti["podAffinityTerm"]!["labelSelector"]!["matchLabels"]), podLabels));
        var spread = Assert.Single(podSpec["topologySpreadConstraints"]!.AsArray())!;
        Assert.Equal("topology.kubernetes.io/zone", (string)spread["topologyKey"]!);
        Assert.True(K8s.Selects(K8s.Labels(spread["labelSelector"]!["matchLabels"]), podLabels));
    }

    [GeneratedRegex(@"\bpod_identity_[a-z_]+")]
    private static partial Regex MetricName();
}
