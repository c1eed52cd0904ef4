using System.Globalization;
using System.Text.Json.Nodes;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>
/// The kustomize base must describe the chart's default install (release pod-identity-webhook in
/// pod-identity-system). The chart cannot be rendered here, so these compare values.yaml and the
/// templates' text with the rendered kustomize output on what breaks installs when they drift.
/// </summary>
public class ChartKustomizeAgreementTests
{
    /// <summary>Env var of the webhook container → the values.yaml path the template reads it from.</summary>
    public static TheoryData<string, string> EnvFromValues => new()
    {
        { "Server__HttpsPort", "containerPorts.https" },
        { "Server__MetricsPort", "containerPorts.metrics" },
        { "Tls__EnableHttp2", "config.enableHttp2" },
        { "Logging__Format", "config.logFormat" },
        { "Mutation__InvalidAnnotations", "config.invalidAnnotations" },
        { "ServiceAccountCache__GracePeriod", "config.serviceAccountCacheGracePeriod" },
        { "Aws__Enabled", "aws.enabled" },
        { "Aws__AnnotationPrefix", "aws.annotationPrefix" },
        { "Aws__DefaultAudience", "aws.defaultAudience" },
        { "Aws__Region", "aws.region" },
        { "Aws__StsRegionalEndpoints", "aws.stsRegionalEndpoints" },
        { "Aws__TokenExpirationSeconds", "aws.tokenExpirationSeconds" },
        { "Aws__TokenMountPath", "aws.tokenMountPath" },
        { "CoreWeave__Enabled", "coreweave.enabled" },
        { "CoreWeave__OrgId", "coreweave.orgId" },
        { "CoreWeave__Audience", "coreweave.audience" },
        { "CoreWeave__S3Endpoint", "coreweave.s3Endpoint" },
        { "CoreWeave__Region", "coreweave.region" },
        { "CoreWeave__AwsConfigMap", "coreweave.awsConfigMap" },
        { "CoreWeave__TokenExpirationSeconds", "coreweave.tokenExpirationSeconds" },
        { "EksPodIdentity__Enabled", "eksPodIdentity.enabled" },
        { "Gcp__Enabled", "gcp.enabled" },
        { "Gcp__AnnotationPrefix", "gcp.annotationPrefix" },
        { "Gcp__DefaultAudience", "gcp.defaultAudience" },
        { "Gcp__TokenExpirationSeconds", "gcp.tokenExpirationSeconds" },
        { "Gcp__GcloudImage", "gcp.gcloudImage" },
        { "Azure__Enabled", "azure.enabled" },
        { "Azure__TenantId", "azure.tenantId" },
        { "Azure__AuthorityHost", "azure.authorityHost" },
        { "Azure__Audience", "azure.audience" },
        { "Azure__RequirePodLabel", "azure.requirePodLabel" },
        { "Azure__TokenExpirationSeconds", "azure.tokenExpirationSeconds" },
    };

    private static readonly string DeploymentTemplate = Repo.Template("deployment.yaml");
    private static readonly string WebhookTemplate = Repo.Template("mutatingwebhookconfiguration.yaml");

    private static JsonObject Deployment => Kustomize.Base.Webhook();
    private static JsonObject Container => Deployment.Container("webhook");
    private static JsonNode Hook => Kustomize.Base.Single("MutatingWebhookConfiguration")["webhooks"]![0]!;

    private static JsonNode? Value(string path) => path.Split('.').Aggregate<string, JsonNode?>(Repo.Values, (n, k) => n?[k]);

    [Fact]
    public void Names_of_every_base_object_exist_in_the_chart()
    {
        var chart = ChartText.AllTemplates().SelectMany(ChartText.KindsAndNames).ToHashSet();
        foreach (var o in Kustomize.Base.Where(o => o.Kind() != "Namespace"))
        {
            Assert.True(chart.Contains((o.Kind(), o.Name())), $"{o.Kind()}/{o.Name()} is in deploy/ but no chart template makes it");
        }

        Assert.Equal(Repo.ReleaseName, (string)Repo.Chart["name"]!);
    }

    [Fact]
    public void Objects_the_chart_renders_by_default_are_exactly_the_base()
    {
        var kinds = Kustomize.Base.Select(o => o.Kind()).ToHashSet();
        var values = Repo.Values;
        Assert.Equal((bool)values["podDisruptionBudget"]!["enabled"]! && (int)values["replicaCount"]! > 1, kinds.Contains("PodDisruptionBudget"));
        Assert.Equal((bool)values["resourceQuota"]!["enabled"]!, kinds.Contains("ResourceQuota"));
        Assert.Equal((bool)values["serviceMonitor"]!["enabled"]!, kinds.Contains("ServiceMonitor"));
        Assert.Equal((bool)values["networkPolicy"]!["enabled"]!, kinds.Contains("NetworkPolicy"));
        Assert.Equal((bool)values["discovery"]!["enabled"]!, Kustomize.Base.Any(o => o.Name().EndsWith("-discovery", StringComparison.Ordinal)));
        Assert.Equal((string)values["tls"]!["source"]! == "certManager", kinds.Contains("Issuer"));
        Assert.Equal((bool)values["serviceAccount"]!["create"]!, kinds.Contains("ServiceAccount"));
        Assert.Equal((bool)values["rbac"]!["create"]!, kinds.Contains("ClusterRole"));
        Assert.DoesNotContain("Secret", kinds);
    }

    [Fact]
    public void Image_is_the_chart_repository_at_the_app_version()
    {
        var expected = $"{(string)Repo.Values["image"]!["repository"]!}:{(string)Repo.Chart["appVersion"]!}";
        Assert.Equal("", (string)Repo.Values["image"]!["tag"]!);
        Assert.Equal(expected, (string)Container["image"]!);
        Assert.Equal((string)Repo.Values["image"]!["pullPolicy"]!, (string)Container["imagePullPolicy"]!);
        Assert.Equal(
            (string)Repo.Chart["appVersion"]!,
            (string)Kustomize.Base.Single("Deployment")["metadata"]!["labels"]!["app.kubernetes.io/version"]!);
    }

    [Fact]
    public void Selector_labels_agree()
    {
        var expected = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = (string)Repo.Chart["name"]!,
            ["app.kubernetes.io/instance"] = Repo.ReleaseName,
            ["app.kubernetes.io/component"] = "webhook",
        };
        Assert.Equal(expected, K8s.Labels(Deployment["spec"]!["selector"]!["matchLabels"]));
        Assert.Equal(expected, K8s.Labels(Kustomize.Base.Single("Service")["spec"]!["selector"]));
        Assert.Equal(expected, K8s.Labels(Kustomize.Base.Single("PodDisruptionBudget")["spec"]!["selector"]!["matchLabels"]));

        var helpers = File.ReadAllText(Path.Combine(Repo.ChartDir, "templates", "_helpers.tpl"));
        Assert.Contains("app.kubernetes.io/name: {{ include \"pod-identity-webhook.name\" . }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end }}", helpers, StringComparison.Ordinal);
        foreach (var file in new[] { "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml" })
        {
            var text = Repo.Template(file);
            Assert.Contains("{{- include \"pod-identity-webhook.selectorLabels\" . | nindent", text, StringComparison.Ordinal);
            Assert.Matches(@"selectorLabels"" \. \| nindent \d+ }}\n\s+app\.kubernetes\.io/component: webhook", text);
        }
    }

    [Fact]
    public void Ports_agree()
    {
        Assert.Equal((int)Repo.Values["containerPorts"]!["https"]!, (int)Container.Port("https")["containerPort"]!);
        Assert.Equal((int)Repo.Values["containerPorts"]!["metrics"]!, (int)Container.Port("metrics")["containerPort"]!);
        var service = Kustomize.Base.Single("Service")["spec"]!["ports"]!.AsArray();
        Assert.Equal((int)Repo.Values["service"]!["port"]!, (int)service.Single(p => (string)p!["name"]! == "https")!["port"]!);
        Assert.Equal((int)Repo.Values["service"]!["metricsPort"]!, (int)service.Single(p => (string)p!["name"]! == "metrics")!["port"]!);
        Assert.Equal((int)Repo.Values["service"]!["port"]!, (int)Hook["clientConfig"]!["service"]!["port"]!);

        Assert.Contains("containerPort: {{ .Values.containerPorts.https }}", DeploymentTemplate, StringComparison.Ordinal);
        Assert.Contains("containerPort: {{ .Values.containerPorts.metrics }}", DeploymentTemplate, StringComparison.Ordinal);
        Assert.Contains("port: {{ .Values.service.port }}", WebhookTemplate, StringComparison.Ordinal);
        K8s.Equal(ChartText.Block(Repo.Template("service.yaml"), "ports", substituteValues: true), Kustomize.Base.Single("Service")["spec"]!["ports"], "Service ports");
        K8s.Equal(ChartText.Block(DeploymentTemplate, "ports", substituteValues: true), Container["ports"], "container ports");
    }

    [Fact]
    public void Webhook_rules_and_policies_agree()
    {
        K8s.Equal(ChartText.Block(WebhookTemplate, "rules"), Hook["rules"], "webhook rules");
        K8s.Equal(ChartText.Block(WebhookTemplate, "objectSelector"), Hook["objectSelector"], "objectSelector");
        K8s.Equal(ChartText.Block(WebhookTemplate, "matchLabels"), Hook["namespaceSelector"]!["matchLabels"], "namespaceSelector.matchLabels");
        Assert.True((bool)Repo.Values["webhook"]!["requireNamespaceOptIn"]!);
        Assert.True((bool)Repo.Values["webhook"]!["objectSelectorOptOut"]!);

        foreach (var line in new[] { "sideEffects: None", "matchPolicy: Equivalent", "reinvocationPolicy: IfNeeded", "admissionReviewVersions: [\"v1\"]", "path: /mutate" })
        {
            Assert.Contains(line, WebhookTemplate, StringComparison.Ordinal);
        }

        Assert.Equal((string)Repo.Values["webhook"]!["failurePolicy"]!, (string)Hook["failurePolicy"]!);
        Assert.Equal((int)Repo.Values["webhook"]!["timeoutSeconds"]!, (int)Hook["timeoutSeconds"]!);
        Assert.Contains("failurePolicy: {{ .Values.webhook.failurePolicy }}", WebhookTemplate, StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds: {{ .Values.webhook.timeoutSeconds }}", WebhookTemplate, StringComparison.Ordinal);
        Assert.Equal(ChartText.Resolve(WebhookTemplate).Split("- name: ")[1].Split('\n')[0], (string)Hook["name"]!);

        // Excluded namespaces: the helper's fixed list with the release namespace, plus the (empty) extra list.
        var helpers = File.ReadAllText(Path.Combine(Repo.ChartDir, "templates", "_helpers.tpl"));
        Assert.Contains("list \"kube-system\" \"kube-node-lease\" .Release.Namespace", helpers, StringComparison.Ordinal);
        Assert.Empty(Repo.Values["webhook"]!["excludeNamespaces"]!.AsArray());
        var notIn = Hook["namespaceSelector"]!["matchExpressions"]![0]!;
        Assert.Equal(["kube-system", "kube-node-lease", Repo.ReleaseNamespace], K8s.Strings(notIn["values"]));
        Assert.Equal(
            $"{Repo.ReleaseNamespace}/{Repo.ReleaseName}-tls",
            ChartText.Resolve(WebhookTemplate).Split("cert-manager.io/inject-ca-from: ")[1].Split('\n')[0]);
    }

    [Fact]
    public void Rbac_agrees()
    {
        var rbac = Repo.Template("rbac.yaml");
        K8s.Equal(ChartText.Block(rbac, "rules"), Kustomize.Base.Single("ClusterRole")["rules"], "ClusterRole rules");
        Assert.Contains("automountServiceAccountToken: false", Repo.Template("serviceaccount.yaml"), StringComparison.Ordinal);
        Assert.Contains("automountServiceAccountToken: true", DeploymentTemplate, StringComparison.Ordinal);
        Assert.Contains("kind: ClusterRole\n  name: {{ include \"pod-identity-webhook.fullname\" . }}", rbac, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_resources_and_scheduling_agree()
    {
        var pod = Deployment["spec"]!["template"]!["spec"]!;
        K8s.Equal(Repo.Values["podSecurityContext"], pod["securityContext"], "pod securityContext");
        K8s.Equal(Repo.Values["securityContext"], Container["securityContext"], "container securityContext");
        K8s.Equal(Repo.Values["resources"], Container["resources"], "resources");
        K8s.Equal(Repo.Values["nodeSelector"], pod["nodeSelector"], "nodeSelector");
        Assert.Equal((string)Repo.Values["priorityClassName"]!, (string)pod["priorityClassName"]!);
        Assert.Equal((int)Repo.Values["replicaCount"]!, (int)Deployment["spec"]!["replicas"]!);
        var pdb = Kustomize.Base.Single("PodDisruptionBudget")["spec"]!;
        Assert.Equal((int)Repo.Values["podDisruptionBudget"]!["minAvailable"]!, (int)pdb["minAvailable"]!);
        Assert.Equal((string)Repo.Values["podDisruptionBudget"]!["unhealthyPodEvictionPolicy"]!, (string)pdb["unhealthyPodEvictionPolicy"]!);
        Assert.Empty(Repo.Values["affinity"]!.AsObject());
        Assert.Empty(Repo.Values["topologySpreadConstraints"]!.AsArray());

        K8s.Equal(ChartText.Block(DeploymentTemplate, "readinessProbe"), Container["readinessProbe"], "readinessProbe");
        K8s.Equal(ChartText.Block(DeploymentTemplate, "livenessProbe"), Container["livenessProbe"], "livenessProbe");
        K8s.Equal(ChartText.Block(DeploymentTemplate, "volumeMounts"), Container["volumeMounts"], "volumeMounts");
        K8s.Equal(ChartText.Block(DeploymentTemplate, "strategy"), Deployment["spec"]!["strategy"], "strategy");
        Assert.Contains("defaultMode: 0440", DeploymentTemplate, StringComparison.Ordinal);
        Assert.Equal(Convert.ToInt32("440", 8), (int)pod["volumes"]![0]!["secret"]!["defaultMode"]!);
        foreach (var key in new[] { "topologyKey: kubernetes.io/hostname", "topologyKey: topology.kubernetes.io/zone", "whenUnsatisfiable: ScheduleAnyway", "weight: 100" })
        {
            Assert.Contains(key, DeploymentTemplate, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Certificates_agree()
    {
        var text = Repo.Template("certificates.yaml");
        var serving = Kustomize.Base.Single("Certificate", Repo.ReleaseName + "-tls")["spec"]!;
        K8s.Equal(Yaml.ParseSingle(string.Join('\n', ChartText.Resolve(text).Split("dnsNames:")[1].Split('\n').Skip(1).TakeWhile(l => l.StartsWith("    - ", StringComparison.Ordinal)))), serving["dnsNames"], "dnsNames");
        K8s.Equal(ChartText.Block(text, "usages"), serving["usages"], "usages");
        K8s.Equal(ChartText.Block(text, "privateKey", after: "# Serving certificate"), serving["privateKey"], "serving privateKey");
        var cm = Repo.Values["tls"]!["certManager"]!;
        Assert.Equal((string)cm["duration"]!, (string)serving["duration"]!);
        Assert.Equal((string)cm["renewBefore"]!, (string)serving["renewBefore"]!);
        Assert.Equal((string)cm["caDuration"]!, (string)Kustomize.Base.Single("Certificate", Repo.ReleaseName + "-ca")["spec"]!["duration"]!);
    }

    [Fact]
    public void Env_names_and_order_agree()
    {
        Assert.Equal(ChartText.EnvNames(DeploymentTemplate), Container.Env().Keys.ToList());
        Assert.Empty(Repo.Values["extraEnv"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(EnvFromValues))]
    public void Env_value_comes_from_values(string env, string valuesPath)
    {
        var expression = ChartText.EnvValueExpression(DeploymentTemplate, env);
        Assert.StartsWith("{{ .Values." + valuesPath + " ", expression, StringComparison.Ordinal);
        Assert.EndsWith("| quote }}", expression, StringComparison.Ordinal);

        var value = Value(valuesPath) ?? throw new InvalidOperationException($"{valuesPath} not in values.yaml");
        var expected = value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => "true",
            System.Text.Json.JsonValueKind.False => "false",
            System.Text.Json.JsonValueKind.Number => ((long)value).ToString(CultureInfo.InvariantCulture),
            _ => (string)value!,
        };
        Assert.Equal(expected, Container.Env()[env]);
        if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            // Helm reads numbers as float64: without | int, 1000000 would render as 1e+06.
            Assert.Contains("| int | quote", expression, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_webhook_env_var_is_mapped_or_fixed()
    {
        var mapped = EnvFromValues.Select(row => (string)row[0]).ToHashSet();
        var unmapped = Container.Env().Keys.Where(k => !mapped.Contains(k)).ToList();
        Assert.Equal(["Tls__CertDirectory"], unmapped);
    }
}
