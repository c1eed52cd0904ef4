using System.Text;

namespace PodIdentity.Benchmarks;

/// <summary>The review bodies the benchmarks run on.</summary>
internal static class SampleReview
{
    /// <summary>
    /// <see cref="Json"/> (3 containers, a line per container); the load test's body (indented, as a person
    /// writes it); and a 13 KB pod as the API server sends it: compact, with what decoding skips at its
    /// real size (managedFields, probes, resources, affinity, Go's \u003c-style escapes).
    /// </summary>
    public static readonly string[] Names = ["3-containers", "load-indented", "api-server-compact"];

    public static byte[] Body(string name) => name switch
    {
        "3-containers" => Encoding.UTF8.GetBytes(Json),
        "load-indented" => Embedded("review-3-containers.json"),
        "api-server-compact" => Embedded("review-api-server.json"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such sample"),
    };

    private static byte[] Embedded(string name)
    {
        using var stream = typeof(SampleReview).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>An AdmissionReview as the API server sends it for a Deployment's 3-container pod.</summary>
    public const string Json = """
    {"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
    "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
    "requestKind":{"group":"","version":"v1","kind":"Pod"},"requestResource":{"group":"","version":"v1","resource":"pods"},
    "namespace":"team-a","operation":"CREATE","userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller",
    "uid":"6b1f1b7e-1c3a-4c3e-9f1e-0a1b2c3d4e5f","groups":["system:serviceaccounts","system:serviceaccounts:kube-system","system:authenticated"]},
    "object":{"kind":"Pod","apiVersion":"v1","metadata":{"generateName":"web-7d9f5c6b8-","namespace":"team-a",
    "labels":{"app":"web","pod-template-hash":"7d9f5c6b8"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-01T10:00:00Z"},
    "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9f5c6b8","uid":"1f2e3d4c-5b6a-7988-a1b2-c3d4e5f60718","controller":true,"blockOwnerDeletion":true}]},
    "spec":{"volumes":[{"name":"config","configMap":{"name":"web-config","defaultMode":420}},{"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}],
    "containers":[
    {"name":"web","image":"registry.example.com/web:1.4.2","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
     "env":[{"name":"LOG_LEVEL","value":"info"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
     "resources":{"limits":{"cpu":"1","memory":"512Mi"},"requests":{"cpu":"250m","memory":"256Mi"}},
     "volumeMounts":[{"name":"config","mountPath":"/etc/web"},{"name":"kube-api-access-abcde","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],
     "livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
     "readinessProbe":{"grpc":{"port":9090,"service":"ready"},"periodSeconds":5,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent",
     "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"readOnlyRootFilesystem":true}},
    {"name":"worker","image":"registry.example.com/worker:1.4.2","args":["--queue","jobs"],
     "resources":{"limits":{"cpu":"500m","memory":"256Mi"}},
     "volumeMounts":[{"name":"kube-api-access-abcde","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],
     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"},
    {"name":"metrics","image":"registry.example.com/exporter:0.9","ports":[{"containerPort":9100,"protocol":"TCP"}],
     "volumeMounts":[{"name":"kube-api-access-abcde","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],
     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
    "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"app","serviceAccount":"app",
    "securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"schedulerName":"default-scheduler",
    "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],
    "priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},"status":{}},
    "oldObject":null,"dryRun":false,"options":{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1"}}}
    """;
}
