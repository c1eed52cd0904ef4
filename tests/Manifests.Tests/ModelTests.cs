using k8s.Models;

namespace PodIdentity.Manifests.Tests;

/// <summary>Documents become Kubernetes models by apiVersion and kind; kinds without a model are reported, not dropped.</summary>
public sealed class ModelTests
{
    private const string Mixed = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: s3-reader
          namespace: demo
          annotations:
            eks.amazonaws.com/token-expiration: 3600
            eks.amazonaws.com/sts-regional-endpoints: true
        ---
        apiVersion: example.com/v1
        kind: Widget
        spec: {size: 3}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: first}
        spec:
          containers: [{name: app, image: busybox}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: second}
        """;

    [Fact]
    public void Load_keeps_every_document_with_its_kind()
    {
        var documents = KubernetesManifest.Load(Mixed);

        Assert.Equal(["ServiceAccount", "Widget", "Pod", "Pod"], documents.Select(d => d.Kind));
        Assert.Equal(["v1", "example.com/v1", "v1", "v1"], documents.Select(d => d.ApiVersion));
        Assert.Equal([typeof(V1ServiceAccount), null, typeof(V1Pod), typeof(V1Pod)], documents.Select(d => d.ModelType));
        Assert.Null(documents[1].ToModel());
        Assert.Equal(3, documents[1].Node["spec"]!["size"]!.GetValue<long>());
        Assert.Equal([1, 10, 14, 20], documents.Select(d => d.Line));
    }

    [Fact]
    public void LoadAll_returns_the_objects_of_one_kind_in_file_order()
    {
        var pods = KubernetesManifest.LoadAll<V1Pod>(Mixed);

        Assert.Equal(["first", "second"], pods.Select(p => p.Metadata.Name));
        Assert.Equal("busybox", pods[0].Spec.Containers[0].Image);
        Assert.Equal("s3-reader", Assert.Single(KubernetesManifest.LoadAll<V1ServiceAccount>(Mixed)).Metadata.Name);
        Assert.Empty(KubernetesManifest.LoadAll<V1ConfigMap>(Mixed));
    }

    [Fact]
    public void ToModel_gives_the_model_type_of_the_kind()
    {
        var model = KubernetesManifest.Load(Mixed)[0].ToModel();

        var account = Assert.IsType<V1ServiceAccount>(model);
        Assert.Equal("demo", account.Metadata.NamespaceProperty);
    }

    [Fact]
    public void Unquoted_numbers_and_booleans_in_text_fields_keep_their_written_text()
    {
        var account = KubernetesManifest.LoadAll<V1ServiceAccount>(Mixed)[0];

        Assert.Equal("3600", account.Metadata.Annotations["eks.amazonaws.com/token-expiration"]);
        Assert.Equal("true", account.Metadata.Annotations["eks.amazonaws.com/sts-regional-endpoints"]);
    }

    [Fact]
    public void Text_fields_get_the_text_as_written_even_where_yaml_sees_a_number()
    {
        var pod = KubernetesManifest.Deserialize<V1Pod>("""
            apiVersion: v1
            kind: Pod
            metadata:
              labels: {zip: 0123, flag: True, hex: 0x1F}
            spec:
              containers:
                - name: app
                  env:
                    - {name: A, value: 0123}
                    - {name: B, value: 1e3}
                    - {name: C, value: *ref}
                  resources:
                    limits: {cpu: 1, memory: &m 1e3}
                    requests: {cpu: 0.5, memory: *m}
                  ports: [{containerPort: 8080}]
            """.Replace("*ref", "&ref 007", StringComparison.Ordinal));

        Assert.Equal(new Dictionary<string, string> { ["zip"] = "0123", ["flag"] = "True", ["hex"] = "0x1F" }, pod.Metadata.Labels);
        var container = pod.Spec.Containers[0];
        Assert.Equal(["0123", "1e3", "007"], container.Env.Select(e => e.Value));
        Assert.Equal("1", container.Resources.Limits["cpu"].ToString());
        Assert.Equal("1e3", container.Resources.Limits["memory"].ToString());
        Assert.Equal("500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("1e3", container.Resources.Requests["memory"].ToString());
        Assert.Equal(8080, container.Ports[0].ContainerPort);
    }

    [Fact]
    public void Json_manifests_are_read()
    {
        var pod = KubernetesManifest.Deserialize<V1Pod>("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"demo"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");

        Assert.Equal(("p", "demo", "busybox"), (pod.Metadata.Name, pod.Metadata.NamespaceProperty, pod.Spec.Containers[0].Image));
    }
}
