using System.Text.Json.Nodes;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>Invariants of `kubectl kustomize deploy/` (and of every overlay).</summary>
public class KustomizeBaseTests
{
    public static TheoryData<string> Trees => new() { "deploy", "deploy/overlays/aws", "deploy/overlays/coreweave", "deploy/overlays/gcp", "deploy/overlays/azure", "deploy/overlays/discovery" };

    private static List<JsonObject> Render(string tree) => Kustomize.Render(Path.Combine(Repo.Root, tree));

    [Fact]
    public void Base_renders_the_expected_objects()
    {
        var kinds = Kustomize.Base.Select(o => $"{o.Kind()}/{o.Name()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[]
            {
                "Certificate/pod-identity-webhook-ca", "Certificate/pod-identity-webhook-tls", "ClusterRole/pod-identity-webhook",
                "ClusterRoleBinding/pod-identity-webhook", "Deployment/pod-identity-webhook", "Issuer/pod-identity-webhook-ca",
                "Issuer/pod-identity-webhook-selfsigned", "MutatingWebhookConfiguration/pod-identity-webhook", "Namespace/pod-identity-system",
                "PodDisruptionBudget/pod-identity-webhook", "Service/pod-identity-webhook", "ServiceAccount/pod-identity-webhook",
            },
            kinds);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Every_object_has_apiVersion_kind_name_and_namespaced_ones_a_namespace(string tree)
    {
        var cluster = new HashSet<string> { "Namespace", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration" };
        foreach (var o in Render(tree))
        {
            Assert.False(string.IsNullOrEmpty((string?)o["apiVersion"]), $"{o.Kind()} without apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Name()), $"{o.Kind()} without name");
            Assert.Equal(!cluster.Contains(o.Kind()), o.Namespace() is not null);
            if (o.Namespace() is not null)
            {
                Assert.Equal(Repo.ReleaseNamespace, o.Namespace());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Webhook_never_sees_control_plane_or_its_own_namespace(string tree)
    {
        var objects = Render(tree);
        var hook = Assert.Single(objects.Single("MutatingWebhookConfiguration")["webhooks"]!.AsArray())!;
        var ownNamespace = (string)hook["clientConfig"]!["service"]!["namespace"]!;
        Assert.Equal(objects.Webhook().Namespace(), ownNamespace);

        var selector = hook["namespaceSelector"]!;
        K8s.Equal(new JsonObject { ["pod-identity.io/inject"] = "enabled" }, selector["matchLabels"], "namespaceSelector.matchLabels");
        var exclusion = Assert.Single(selector["matchExpressions"]!.AsArray(), e => (string)e!["key"]! == "kubernetes.io/metadata.name")!;
        Assert.Equal("NotIn", (string)exclusion["operator"]!);
        var excluded = K8s.Strings(exclusion["values"]);
        Assert.Contains("kube-system", excluded);
        Assert.Contains("kube-node-lease", excluded);
        Assert.Contains(ownNamespace, excluded);

        var optOut = Assert.Single(hook["objectSelector"]!["matchExpressions"]!.AsArray())!;
        Assert.Equal("pod-identity.io/inject", (string)optOut["key"]!);
        Assert.Equal("NotIn", (string)optOut["operator"]!);
        Assert.Equal(["disabled"], K8s.Strings(optOut["values"]));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Webhook_matches_pod_create_only_with_the_agreed_policies(string tree)
    {
        var hook = Assert.Single(Render(tree).Single("MutatingWebhookConfiguration")["webhooks"]!.AsArray())!;
        Assert.Equal(["v1"], K8s.Strings(hook["admissionReviewVersions"]));
        Assert.Equal("None", (string)hook["sideEffects"]!);
        Assert.Equal("IfNeeded", (string)hook["reinvocationPolicy"]!);
        Assert.Equal("Equivalent", (string)hook["matchPolicy"]!);
        Assert.Equal("Fail", (string)hook["failurePolicy"]!);
        Assert.Equal(10, (int)hook["timeoutSeconds"]!);
        Assert.Equal("/mutate", (string)hook["clientConfig"]!["service"]!["path"]!);
        var rule = Assert.Single(hook["rules"]!.AsArray())!;
        Assert.Equal(["CREATE"], K8s.Strings(rule["operations"]));
        Assert.Equal([""], K8s.Strings(rule["apiGroups"]));
        Assert.Equal(["v1"], K8s.Strings(rule["apiVersions"]));
        Assert.Equal(["pods"], K8s.Strings(rule["resources"]));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Ca_injection_names_the_serving_certificate_of_the_webhook_service(string tree)
    {
        var objects = Render(tree);
        var mwc = objects.Single("MutatingWebhookConfiguration");
        var inject = (string?)mwc["metadata"]!["annotations"]?["cert-manager.io/inject-ca-from"];
        Assert.False(string.IsNullOrEmpty(inject), "cert-manager.io/inject-ca-from missing");
        var parts = inject!.Split('/');
        Assert.Equal(2, parts.Length);

        var certificate = objects.Single(o => o.Kind() == "Certificate" && o.Namespace() == parts[0] && o.Name() == parts[1]);
        var service = mwc["webhooks"]![0]!["clientConfig"]!["service"]!;
        var (svc, ns) = ((string)service["name"]!, (string)service["namespace"]!);
        var dnsNames = K8s.Strings(certificate["spec"]!["dnsNames"]);
        foreach (var expected in new[] { svc, $"{svc}.{ns}", $"{svc}.{ns}.svc", $"{svc}.{ns}.svc.cluster.local" })
        {
            Assert.Contains(expected, dnsNames);
        }

        // The pods mount the Secret that Certificate writes.
        var volumes = objects.Webhook()["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
        var certs = Assert.Single(volumes, v => (string?)v!["secret"]?["secretName"] == (string)certificate["spec"]!["secretName"]!);
        Assert.Equal("certs", (string)certs!["name"]!);

        // Chain: serving cert <- CA Issuer <- CA Certificate (isCA) <- selfSigned Issuer.
        var caIssuer = objects.Single("Issuer", (string)certificate["spec"]!["issuerRef"]!["name"]!);
        Assert.Equal("Issuer", (string)certificate["spec"]!["issuerRef"]!["kind"]!);
        var caSecret = (string)caIssuer["spec"]!["ca"]!["secretName"]!;
        var ca = objects.Single(o => o.Kind() == "Certificate" && (string)o["spec"]!["secretName"]! == caSecret);
        Assert.True((bool)ca["spec"]!["isCA"]!);
        var root = objects.Single("Issuer", (string)ca["spec"]!["issuerRef"]!["name"]!);
        Assert.NotNull(root["spec"]!["selfSigned"]);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Webhook_rbac_is_exactly_get_list_watch_on_serviceaccounts(string tree)
    {
        var objects = Render(tree);
        Assert.Empty(objects.OfKind("Role"));
        var role = objects.Single("ClusterRole");
        var rule = Assert.Single(role["rules"]!.AsArray())!;
        Assert.Equal([""], K8s.Strings(rule["apiGroups"]));
        Assert.Equal(["serviceaccounts"], K8s.Strings(rule["resources"]));
        Assert.Equal(["get", "list", "watch"], K8s.Strings(rule["verbs"]).Order(StringComparer.Ordinal));
        Assert.Null(rule["resourceNames"]);
        Assert.Null(rule["nonResourceURLs"]);

        var deployment = objects.Webhook();
        var podSpec = deployment["spec"]!["template"]!["spec"]!;
        var binding = objects.Single(o => o.Kind() == "ClusterRoleBinding" && (string)o["roleRef"]!["name"]! == role.Name());
        Assert.Equal("ClusterRole", (string)binding["roleRef"]!["kind"]!);
        var subject = Assert.Single(binding["subjects"]!.AsArray())!;
        Assert.Equal("ServiceAccount", (string)subject["kind"]!);
        Assert.Equal((string)podSpec["serviceAccountName"]!, (string)subject["name"]!);
        Assert.Equal(deployment.Namespace(), (string)subject["namespace"]!);
        var account = objects.Single("ServiceAccount", (string)podSpec["serviceAccountName"]!);
        Assert.False((bool)account["automountServiceAccountToken"]!);
        Assert.True((bool)podSpec["automountServiceAccountToken"]!);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Every_workload_is_hardened(string tree)
    {
        foreach (var deployment in Render(tree).OfKind("Deployment"))
        {
            var spec = deployment["spec"]!["template"]!["spec"]!;
            var pod = spec["securityContext"]!;
            Assert.True((bool)pod["runAsNonRoot"]!, $"{deployment.Name()}: runAsNonRoot");
            Assert.Equal(65532, (int)pod["runAsUser"]!);
            Assert.Equal("RuntimeDefault", (string)pod["seccompProfile"]!["type"]!);
            Assert.Null(spec["hostNetwork"]);
            Assert.Null(spec["hostPID"]);
            foreach (var container in spec["containers"]!.AsArray().Concat(spec["initContainers"]?.AsArray() ?? []))
            {
                var sc = container!["securityContext"]!;
                var name = $"{deployment.Name()}/{container["name"]}";
                Assert.False((bool)sc["allowPrivilegeEscalation"]!, $"{name}: allowPrivilegeEscalation");
                Assert.True((bool)sc["readOnlyRootFilesystem"]!, $"{name}: readOnlyRootFilesystem");
                Assert.Equal(["ALL"], K8s.Strings(sc["capabilities"]!["drop"]));
                Assert.Null(sc["capabilities"]!["add"]);
                Assert.NotEqual(true, (bool?)sc["privileged"]);
                Assert.NotEqual(0, (int?)sc["runAsUser"] ?? 65532);
                Assert.NotNull(container["resources"]?["requests"]);
                Assert.NotNull(container["resources"]?["limits"]?["memory"]);
                Assert.NotNull(container["readinessProbe"]);
                Assert.NotNull(container["livenessProbe"]);
            }
        }
    }

    [Fact]
    public void Webhook_is_highly_available()
    {
        var objects = Kustomize.Base;
        var deployment = objects.Webhook();
        var spec = deployment["spec"]!;
        var podSpec = spec["template"]!["spec"]!;
        var podLabels = K8s.Labels(spec["template"]!["metadata"]!["labels"]);
        Assert.Equal(2, (int)spec["replicas"]!);
        Assert.Equal("system-cluster-critical", (string)podSpec["priorityClassName"]!);
        Assert.Equal(0, (int)spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]!);

        var pdb = objects.Single("PodDisruptionBudget");
        Assert.Equal(1, (int)pdb["spec"]!["minAvailable"]!);
        Assert.True(K8s.Selects(K8s.Labels(pdb["spec"]!["selector"]!["matchLabels"]), podLabels));

        var anti = Assert.Single(podSpec["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]!.AsArray())!;
        Assert.Equal("kubernetes.io/hostname", (string)anti["podAffinityTerm"]!["topologyKey"]!);
        Assert.True(K8s.Selects(K8s.Labels(anti["podAffinityTerm"]!["labelSelector"]!["matchLabels"]), podLabels));
        Assert.Null(podSpec["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]);

        var spread = Assert.Single(podSpec["topologySpreadConstraints"]!.AsArray())!;
        Assert.Equal("topology.kubernetes.io/zone", (string)spread["topologyKey"]!);
        Assert.Equal("ScheduleAnyway", (string)spread["whenUnsatisfiable"]!);
        Assert.True(K8s.Selects(K8s.Labels(spread["labelSelector"]!["matchLabels"]), podLabels));

        var container = deployment.Container("webhook");
        Assert.Equal("/readyz", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
        Assert.Equal("/healthz", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Ports_agree_between_service_container_probes_and_webhook(string tree)
    {
        var objects = Render(tree);
        var deployment = objects.Webhook();
        var container = deployment.Container("webhook");
        var env = container.Env();
        var podLabels = K8s.Labels(deployment["spec"]!["template"]!["metadata"]!["labels"]);
        var service = objects.Single("Service", deployment.Name());
        Assert.True(K8s.Selects(K8s.Labels(service["spec"]!["selector"]), podLabels), "Service selector does not select the webhook pods");
        Assert.True(K8s.Selects(K8s.Labels(deployment["spec"]!["selector"]!["matchLabels"]), podLabels), "Deployment selector does not match its pods");

        var servicePorts = service["spec"]!["ports"]!.AsArray();
        var hook = objects.Single("MutatingWebhookConfiguration")["webhooks"]![0]!["clientConfig"]!["service"]!;
        Assert.Equal(service.Name(), (string)hook["name"]!);
        Assert.Equal(service.Namespace(), (string)hook["namespace"]!);
        var httpsService = Assert.Single(servicePorts, p => (int)p!["port"]! == (int)hook["port"]!)!;

        // The Service's target resolves to the container's https port, which is the port the app listens on.
        var target = httpsService["targetPort"]!;
        var httpsContainerPort = target.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? (int)target
            : (int)container.Port((string)target!)["containerPort"]!;
        Assert.Equal(8443, httpsContainerPort);
        Assert.Equal(httpsContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), env["Server__HttpsPort"]);

        var metrics = (int)container.Port("metrics")["containerPort"]!;
        Assert.Equal(9090, metrics);
        Assert.Equal(metrics.ToString(System.Globalization.CultureInfo.InvariantCulture), env["Server__MetricsPort"]);
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("metrics", (string)container[probe]!["httpGet"]!["port"]!);
        }

        var metricsService = Assert.Single(servicePorts, p => (string?)p!["name"] == "metrics")!;
        Assert.Equal("metrics", (string)metricsService["targetPort"]!);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Webhook_reads_its_certificate_from_the_read_only_mount(string tree)
    {
        var container = Render(tree).Webhook().Container("webhook");
        var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => (string)m!["name"]! == "certs")!;
        Assert.Equal("/etc/webhook/certs", (string)mount["mountPath"]!);
        Assert.True((bool)mount["readOnly"]!);
        Assert.Equal((string)mount["mountPath"]!, container.Env()["Tls__CertDirectory"]);
        Assert.Equal(["serve"], K8s.Strings(container["args"]));
        Assert.Null(container["command"]);
    }

    [Fact]
    public void Overlays_change_only_what_they_say()
    {
        var aws = Kustomize.Render(Path.Combine(Repo.DeployDir, "overlays", "aws")).Webhook().Container("webhook").Env();
        Assert.Equal("us-east-1", aws["Aws__Region"]);
        Assert.Equal("true", aws["Aws__StsRegionalEndpoints"]);
        var cw = Kustomize.Render(Path.Combine(Repo.DeployDir, "overlays", "coreweave")).Webhook().Container("webhook").Env();
        Assert.Equal("http://cwlota.com", cw["CoreWeave__S3Endpoint"]);
        Assert.Equal(Kustomize.Base.Webhook().Container("webhook").Env().Count, cw.Count);
        var azure = Kustomize.Render(Path.Combine(Repo.DeployDir, "overlays", "azure")).Webhook().Container("webhook").Env();
        Assert.Equal("true", azure["Azure__Enabled"]);
        Assert.Equal("00000000-0000-0000-0000-000000000000", azure["Azure__TenantId"]);
        Assert.Equal(Kustomize.Base.Webhook().Container("webhook").Env().Count, azure.Count);

        var quota = Kustomize.Render(Path.Combine(Repo.DeployDir, "overlays", "gcp")).Single("ResourceQuota");
        var scope = quota["spec"]!["scopeSelector"]!["matchExpressions"]![0]!;
        Assert.Equal("PriorityClass", (string)scope["scopeName"]!);
        Assert.Contains((string)Kustomize.Base.Webhook()["spec"]!["template"]!["spec"]!["priorityClassName"]!, K8s.Strings(scope["values"]));
    }

    [Fact]
    public void Discovery_overlay_runs_the_companion_with_only_the_issuer_discovery_role()
    {
        var objects = Kustomize.Render(Path.Combine(Repo.DeployDir, "overlays", "discovery"));
        var deployment = objects.Single("Deployment", "pod-identity-webhook-discovery");
        var container = deployment.Container("discovery");
        Assert.Equal(["/app/PodIdentity.Discovery"], K8s.Strings(container["command"]));
        Assert.Equal(["serve"], K8s.Strings(container["args"]));
        Assert.StartsWith("https://", container.Env()["Discovery__Issuer"], StringComparison.Ordinal);
        var podSpec = deployment["spec"]!["template"]!["spec"]!;
        var binding = objects.Single("ClusterRoleBinding", "pod-identity-webhook-discovery");
        Assert.Equal("system:service-account-issuer-discovery", (string)binding["roleRef"]!["name"]!);
        Assert.Equal((string)podSpec["serviceAccountName"]!, (string)binding["subjects"]![0]!["name"]!);
        Assert.Equal((string)container.Port("http")["containerPort"]!.ToString(), container.Env()["Discovery__Port"]);

        // The webhook's selector must not pick up the companion's pods.
        var webhookSelector = K8s.Labels(objects.Webhook()["spec"]!["selector"]!["matchLabels"]);
        Assert.False(K8s.Selects(webhookSelector, K8s.Labels(deployment["spec"]!["template"]!["metadata"]!["labels"])));
    }
}
