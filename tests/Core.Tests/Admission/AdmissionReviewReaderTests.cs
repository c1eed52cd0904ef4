using System.Text;
using System.Text.Json;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// The decoder against System.Text.Json on the full model (<see cref="FullModel"/>: KubernetesClient's V1Pod, then
/// a plain reading of it): for every field the decoder reads, both must agree, edge cases included; what it
/// skips must not matter.
/// </summary>
public sealed class AdmissionReviewReaderTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web-0","generateName":"web-","namespace":"team-a","labels":{"app":"web"},
                     "annotations":{"a.example.com/x":"1","b":"two"}},
         "spec":{"serviceAccountName":"app","nodeSelector":{"kubernetes.io/os":"linux"},
                 "initContainers":[{"name":"init","image":"busybox","env":[{"name":"A","value":"a"}]}],
                 "containers":[{"name":"web","env":[{"name":"X","value":"1"},{"name":"Y","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
                                "volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true}]},
                               {"name":"side"}],
                 "volumes":[{"name":"config","configMap":{"name":"web-config"}}]},
         "status":{}}
        """;

    [Fact]
    public void A_review_as_the_API_server_sends_it_reads_like_the_full_model()
    {
        var json = Review(Pod, """
            "requestKind":{"group":"","version":"v1","kind":"Pod"},"requestResource":{"group":"","version":"v1","resource":"pods"},
            "userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller","groups":["system:authenticated"],"extra":{"k":["v"]}},
            "oldObject":null,"dryRun":true,"options":{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1"}
            """);

        AssertSameAsFullModel(json);
        var review = Decode(json)!;
        Assert.Equal(AdmissionReview.V1, review.ApiVersion);
        Assert.Equal("AdmissionReview", review.Kind);
        var request = review.Request!;
        Assert.Equal("u-1", request.Uid);
        Assert.Equal(new GroupVersionKind("", "v1", "Pod"), request.Kind);
        Assert.Equal(new GroupVersionResource("", "v1", "pods"), request.Resource);
        Assert.Equal("CREATE", request.Operation);
        Assert.True(request.DryRun);
        var pod = request.Object!;
        Assert.Equal("web-0", pod.Name);
        Assert.Equal("team-a", pod.Namespace);
        Assert.Equal("1", pod.Annotations!["a.example.com/x"]);
        Assert.Equal("app", pod.ServiceAccountName);
        Assert.Equal("linux", pod.NodeSelector!["kubernetes.io/os"]);
        Assert.Equal(new[] { "web", "side" }, pod.Containers!.Select(c => c.Name));
        Assert.Equal("init", pod.InitContainers!.Single().Name);
        Assert.Equal(new EnvVar("X", "1"), pod.Containers![0].Env![0]);
        Assert.Equal(new VolumeMount("config", "/etc/web"), pod.Containers[0].VolumeMounts![0]);
        Assert.Equal(["config"], pod.Volumes!);
        Assert.Null(request.ObjectProblem);
    }

    [Fact]
    public void What_mutation_does_not_read_is_left_out()
    {
        var pod = Decode(Review(Pod))!.Request!.Object!;

        // Labels are there, but none a provider reads; a valueFrom entry has no value; a container without env has none.
        Assert.NotNull(pod.Labels);
        Assert.Empty(pod.Labels);
        Assert.Equal(new EnvVar("Y", null), pod.Containers![0].Env![1]);
        Assert.Null(pod.Containers[1].Env);
        Assert.Null(pod.Containers[1].VolumeMounts);
    }

    [Theory]
    [InlineData("\"n\\u0061me\"")]
    [InlineData("\"nam\\u0065\"")]
    [InlineData("\"\\u006e\\u0061\\u006d\\u0065\"")]
    public void Escaped_property_names_match(string escapedName)
    {
        var json = Review("""{"metadata":{NAME:"escaped"},"spec":{"containers":[{NAME:"c"}]}}""".Replace("NAME", escapedName, StringComparison.Ordinal));

        AssertSameAsFullModel(json);
        var pod = Decode(json)!.Request!.Object!;
        Assert.Equal("escaped", pod.Name);
        Assert.Equal("c", pod.Containers![0].Name);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        var json = Review("""
            {"metadata":{"name":"a\"b\\c\/d\n\t\u00e9\ud83d\ude00",
                         "annotations":{"k\u002e1":"v\u0022","plain":"caf\u00e9"}},
             "spec":{"containers":[{"name":"\u0077eb","env":[{"name":"X","value":"line1\nline2"}]}]}}
            """);

        AssertSameAsFullModel(json);
        var pod = Decode(json)!.Request!.Object!;
        Assert.Equal("a\"b\\c/d\n\té😀", pod.Name);
        Assert.Equal("v\"", pod.Annotations!["k.1"]);
        Assert.Equal("café", pod.Annotations["plain"]);
        Assert.Equal("web", pod.Containers![0].Name);
        Assert.Equal("line1\nline2", pod.Containers[0].Env![0].Value);
    }

    [Fact]
    public void Raw_utf8_strings_are_read()
    {
        var json = Review("""{"metadata":{"name":"café-😀","annotations":{"ключ":"значение"}}}""");

        AssertSameAsFullModel(json);
        var pod = Decode(json)!.Request!.Object!;
        Assert.Equal("café-😀", pod.Name);
        Assert.Equal("значение", pod.Annotations!["ключ"]);
    }

    [Fact]
    public void A_null_body_is_a_null_review() => Assert.Null(Decode("null"));

    [Theory]
    [InlineData("""{"apiVersion":null,"kind":null,"request":null}""")]
    [InlineData("""{"request":{"uid":null,"kind":null,"resource":null,"subResource":null,"name":null,"namespace":null,"operation":null,"object":null,"dryRun":null}}""")]
    [InlineData("""{"request":{"uid":"u","kind":{"group":null,"version":null,"kind":null},"resource":{"group":null,"version":null,"resource":null}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":null,"spec":null}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"name":null,"generateName":null,"namespace":null,"annotations":null}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"serviceAccountName":null,"nodeSelector":null,"containers":null,"initContainers":null,"volumes":null}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[null,{"name":null,"env":null,"volumeMounts":null}],"volumes":[null,{"name":null}]}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"env":[null,{"name":null,"value":null}],"volumeMounts":[null,{"name":null,"mountPath":null}]}]}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"annotations":{"a":null}},"spec":{"nodeSelector":{"b":null}}}}}""")]
    public void Json_null_is_null_at_every_level(string json) => AssertSameAsFullModel(json);

    [Fact]
    public void Absent_is_not_the_same_as_null_for_the_uid()
    {
        Assert.Equal("", Decode("""{"request":{}}""")!.Request!.Uid);
        Assert.Null(Decode("""{"request":{"uid":null}}""")!.Request!.Uid);
    }

    [Fact]
    public void A_null_element_makes_the_pod_unreadable_naming_it()
    {
        var request = Decode(Review("""{"spec":{"containers":[{"name":"a"},null,{"name":"b"}],"volumes":[{"name":"v"},null]}}"""))!.Request!;

        Assert.Null(request.Object);
        Assert.Equal("spec.containers[1] is null: expected a container object, e.g. {\"name\":\"app\",\"image\":\"busybox\"}", request.ObjectProblem);
    }

    [Theory]
    [InlineData("""{"metadata":{"annotations":{"a":null}},"spec":{"nodeSelector":{"b":null}}}""", "metadata.annotations[\"a\"] is null")]
    [InlineData("""{"spec":{"volumes":[null],"nodeSelector":{"b":null}},"metadata":{"annotations":{"a":"1"}}}""", "spec.nodeSelector[\"b\"] is null")]
    [InlineData("""{"spec":{"volumes":[null],"initContainers":[null],"containers":[{"volumeMounts":[null],"env":[null]}]}}""", "spec.containers[0].env[0] is null")]
    [InlineData("""{"spec":{"volumes":[null],"initContainers":[{"name":"i"},{"volumeMounts":[{},null]}]}}""", "spec.initContainers[1].volumeMounts[1] is null")]
    [InlineData("""{"metadata":{"annotations":{"x":"1","a":null,"b":null}}}""", "metadata.annotations[\"a\"] is null")]
    public void Of_several_null_elements_the_first_in_PodShapes_order_is_named(string pod, string expected)
    {
        var json = Review(pod);

        AssertSameAsFullModel(json);
        Assert.StartsWith(expected, Decode(json)!.Request!.ObjectProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"spec":{"containers":[null],"containers":[{"name":"b"}]}}""")]
    [InlineData("""{"spec":{"containers":[{"env":[null],"env":[]}]}}""")]
    [InlineData("""{"spec":{"volumes":[null]},"spec":{}}""")]
    [InlineData("""{"metadata":{"annotations":{"a":null,"a":"1"}}}""")]
    [InlineData("""{"metadata":{"annotations":{"a":null}},"metadata":null}""")]
    public void A_null_element_a_later_duplicate_replaces_does_not_count(string pod)
    {
        var json = Review(pod);

        AssertSameAsFullModel(json);
        Assert.Null(Decode(json)!.Request!.ObjectProblem);
        Assert.NotNull(Decode(json)!.Request!.Object);
    }

    [Fact]
    public void A_null_element_in_a_later_object_counts_and_an_earlier_one_is_forgotten()
    {
        var request = Decode("""{"request":{"uid":"u","object":{"spec":{"volumes":[null]}},"object":{"spec":{"containers":[{}]}}}}""")!.Request!;
        Assert.Null(request.ObjectProblem);
        Assert.Equal("", request.Object!.Containers!.Single().Name);

        request = Decode("""{"request":{"uid":"u","object":{"spec":{}},"object":{"spec":{"volumes":[null]}}}}""")!.Request!;
        Assert.Null(request.Object);
        Assert.StartsWith("spec.volumes[0] is null: expected a volume object", request.ObjectProblem, StringComparison.Ordinal);
    }

    /// <summary>The same cases the null-element test spoils a V1Pod with: the decoder says exactly what the full model's reading says.</summary>
    [Theory]
    [MemberData(nameof(Hardening.SafeTextAndNamesTests.NullElements), MemberType = typeof(Hardening.SafeTextAndNamesTests))]
    public void The_decoder_words_a_null_element_as_the_full_model_reading_does(string expected, Action<k8s.Models.V1Pod> spoil)
    {
        var pod = new k8s.Models.V1Pod
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "web", Annotations = new Dictionary<string, string> { ["team"] = "a" } },
            Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "app", Env = [new k8s.Models.V1EnvVar { Name = "A", Value = "1" }] }] },
        };
        spoil(pod);

        var request = Decode(Review(k8s.KubernetesJson.Serialize(pod)))!.Request!;

        Assert.Null(request.Object);
        Assert.Equal(FullModel.NullElement(pod), request.ObjectProblem);
        Assert.StartsWith(expected, request.ObjectProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"request":{},"request":{"uid":"second"}}""")]
    [InlineData("""{"request":{"uid":"first","uid":"second","operation":"UPDATE","operation":"CREATE","dryRun":true,"dryRun":false}}""")]
    [InlineData("""{"request":{"uid":"u","kind":{"kind":"Deployment"},"kind":{"group":"","kind":"Pod"}}}""")]
    [InlineData("""{"request":{"uid":"u","kind":{"kind":"Deployment","kind":"Pod","group":"apps","group":""}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"name":"a"},"metadata":{"generateName":"b-"}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"name":"a","name":"b","annotations":{"k":"1"},"annotations":{"j":"2"}}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"annotations":{"k":"1","j":"x","k":"2"}}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a"}],"containers":[{"name":"b"},{"name":"c"}]}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1","value":"2"}],"env":[{"name":"Y"}]}]}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"volumeMounts":[{"name":"a","mountPath":"/a","mountPath":"/b"}]}],"volumes":[{"name":"a","name":"b"}]}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"serviceAccountName":"a","serviceAccountName":"b","nodeSelector":{"os":"linux","os":"windows"}}}}}""")]
    public void Of_duplicate_properties_the_last_wins(string json) => AssertSameAsFullModel(json);

    [Fact]
    public void Duplicate_annotation_keys_keep_the_last_value()
    {
        var annotations = Decode(Review("""{"metadata":{"annotations":{"k":"1","j":"x","k":"2"}}}"""))!.Request!.Object!.Annotations!;

        Assert.Equal(2, annotations.Count);
        Assert.Equal("2", annotations["k"]);
    }

    [Fact]
    public void Unknown_properties_of_every_shape_are_skipped_everywhere()
    {
        const string Junk = """
            "unknown1":{"a":[1,2.5e10,-0.0,true,false,null,"s\u0041",{"b":{"c":[[[]]]}}],"d":{}},
            "unknown2":[{"name":"not me"},[{"spec":{"containers":"wrong type, but never read"}}]],
            "unknown3":-12345678901234567890123456789,"unknown4":"text","unknown5":true,"unknown6":null,"Name":"wrong case"
            """;
        var json = """
            {JUNK,"apiVersion":"admission.k8s.io/v1",JUNK,"kind":"AdmissionReview","response":{"uid":"x","allowed":"not a bool","patch":1},
             "request":{JUNK,"uid":"u-1","UID":"wrong case","operation":"CREATE","oldObject":{"spec":{"containers":"oops"}},
              "options":{"kind":"CreateOptions"},"userInfo":{"username":"me"},
              "object":{JUNK,"metadata":{JUNK,"name":"web","annotations":{"k":"v"},"labels":{"l":1}},
               "spec":{JUNK,"serviceAccountName":"app",
                "containers":[{JUNK,"name":"c","env":[{JUNK,"name":"E","value":"v"}],"volumeMounts":[{JUNK,"name":"m","mountPath":"/m"}]}],
                "volumes":[{JUNK,"name":"m"}]}}}}
            """.Replace("JUNK", Junk, StringComparison.Ordinal);

        var pod = Decode(json)!.Request!.Object!;

        Assert.Equal("web", pod.Name);
        Assert.Equal("v", pod.Annotations!["k"]);
        Assert.Empty(pod.Labels!);
        Assert.Equal("app", pod.ServiceAccountName);
        Assert.Equal("c", pod.Containers!.Single().Name);
        Assert.Equal("v", pod.Containers![0].Env!.Single().Value);
        Assert.Equal("/m", pod.Containers[0].VolumeMounts!.Single().MountPath);
        Assert.Equal("m", pod.Volumes!.Single());
    }

    [Fact]
    public void Properties_may_come_in_any_order()
    {
        var json = """
            {"request":{"object":{"spec":{"containers":[{"volumeMounts":[{"mountPath":"/m","name":"m"}],"name":"c"}]},"metadata":{"name":"p"}},
             "operation":"CREATE","kind":{"kind":"Pod","version":"v1","group":""},"uid":"u"},"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}
            """;

        AssertSameAsFullModel(json);
    }

    [Fact]
    public void Deeply_nested_skipped_subtrees_are_skipped_up_to_the_serializers_depth_limit()
    {
        // A container is 6 levels deep; 64 levels in all is the limit, as for JsonSerializer.
        var ok = Review("""{"spec":{"containers":[{"name":"c","deep":""" + Nested(58) + ""","env":[{"name":"E"}]}]}}""");
        var tooDeep = Review("""{"spec":{"containers":[{"name":"c","deep":""" + Nested(59) + "}]}}");

        Assert.NotNull(FullModel.Decode(ok));
        var container = Decode(ok)!.Request!.Object!.Containers![0];
        Assert.Equal("c", container.Name);
        Assert.Equal("E", container.Env![0].Name);
        Assert.Throws<JsonException>(() => FullModel.Decode(tooDeep));
        var error = Assert.ThrowsAny<JsonException>(() => Decode(tooDeep));
        Assert.Contains("depth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_kinds_are_read_as_far_as_a_pod_goes()
    {
        var json = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"apps","version":"v1","kind":"Deployment"},
             "resource":{"group":"apps","version":"v1","resource":"deployments"},"operation":"CREATE",
             "object":{"metadata":{"name":"web"},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"c"}]}}}}}}
            """;

        AssertSameAsFullModel(json);
        var request = Decode(json)!.Request!;
        Assert.Equal(new GroupVersionKind("apps", "v1", "Deployment"), request.Kind);
        Assert.Null(request.Object!.Containers);
    }

    [Fact]
    public void A_review_without_object_has_none()
    {
        var request = Decode("""{"request":{"uid":"u","operation":"CREATE","dryRun":false}}""")!.Request!;

        Assert.Null(request.Object);
        Assert.False(request.DryRun);
    }

    [Theory]
    [InlineData("[1,2]", "$", "expected an AdmissionReview object, found an array")]
    [InlineData("\"review\"", "$", "expected an AdmissionReview object, found a string")]
    [InlineData("""{"request":[]}""", "$.request", "expected an object or null, found an array")]
    [InlineData("""{"apiVersion":1}""", "$.apiVersion", "expected a string or null, found a number")]
    [InlineData("""{"request":{"uid":42}}""", "$.request.uid", "expected a string or null, found a number")]
    [InlineData("""{"request":{"uid":"u","kind":"Pod"}}""", "$.request.kind", "expected an object or null, found a string")]
    [InlineData("""{"request":{"uid":"u","kind":{"kind":true}}}""", "$.request.kind.kind", "expected a string or null, found a boolean")]
    [InlineData("""{"request":{"uid":"u","dryRun":"true"}}""", "$.request.dryRun", "expected true, false or null, found a string")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":"oops"}}}}""", "$.request.object.spec.containers", "expected an array or null, found a string")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a"},{"name":["b"]}]}}}}""", "$.request.object.spec.containers[1].name", "expected a string or null, found an array")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"initContainers":[{},1]}}}}""", "$.request.object.spec.initContainers[1]", "expected a container object or null, found a number")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"env":[{"name":"A","value":1}]}]}}}}""", "$.request.object.spec.containers[0].env[0].value", "expected a string or null, found a number")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"env":["A=1"]}]}}}}""", "$.request.object.spec.containers[0].env[0]", "expected an env var object or null, found a string")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"volumeMounts":{}}]}}}}""", "$.request.object.spec.containers[0].volumeMounts", "expected an array or null, found an object")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"containers":[{"volumeMounts":[true]}]}}}}""", "$.request.object.spec.containers[0].volumeMounts[0]", "expected a volume mount object or null, found a boolean")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"volumes":[{"name":7}]}}}}""", "$.request.object.spec.volumes[0].name", "expected a string or null, found a number")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"volumes":["a"]}}}}""", "$.request.object.spec.volumes[0]", "expected a volume object or null, found a string")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"annotations":["a"]}}}}""", "$.request.object.metadata.annotations", "expected an object or null, found an array")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"annotations":{"eks.amazonaws.com/role-arn":1}}}}}""", "$.request.object.metadata.annotations['eks.amazonaws.com/role-arn']", "expected a string or null, found a number")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"nodeSelector":{"os":{}}}}}}""", "$.request.object.spec.nodeSelector.os", "expected a string or null, found an object")]
    [InlineData("""{"request":{"uid":"u","object":"pod"}}""", "$.request.object", "expected an object or null, found a string")]
    public void A_wrong_type_is_a_JsonException_naming_the_path(string json, string path, string problem)
    {
        Assert.ThrowsAny<JsonException>(() => FullModel.Decode(json));

        var error = Assert.ThrowsAny<JsonException>(() => Decode(json));

        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"Path: {path} | LineNumber: 0 | BytePositionInLine: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_position_of_a_wrong_type_is_its_line_and_byte_in_line()
    {
        var error = Assert.ThrowsAny<JsonException>(() => Decode("{\n  \"request\": {\n    \"uid\": 42\n  }\n}"));

        Assert.Equal(2, error.LineNumber);
        Assert.Equal(11, error.BytePositionInLine);
        Assert.EndsWith("Path: $.request.uid | LineNumber: 2 | BytePositionInLine: 11.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("""{"request":{"uid":"u"}""")]
    [InlineData("""{"request":{"uid":"u"}}}""")]
    [InlineData("""{"request":{"uid":"u"}} {}""")]
    [InlineData("""{"request":{"uid":"u"}} x""")]
    [InlineData("""{"request":{"uid":"u",}}""")]
    [InlineData("""{"request":{"uid":"u"} /* comment */}""")]
    [InlineData("""{"request":{"uid":'u'}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"tolerations":[1,]}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"hostname":"tab	in string"}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"spec":{"priority":01}}}}""")]
    [InlineData("""{"request":{"uid":"u","object":{"metadata":{"name":"bad \x escape"}}}}""")]
    public void Malformed_json_is_a_JsonException_wherever_it_is(string json)
    {
        Assert.ThrowsAny<JsonException>(() => FullModel.Decode(json));
        Assert.ThrowsAny<JsonException>(() => Decode(json));
    }

    [Fact]
    public void Invalid_utf8_in_a_string_read_is_a_JsonException()
    {
        var json = Encoding.UTF8.GetBytes("""{"request":{"uid":"u","object":{"metadata":{"name":"XX"}}}}""");
        var at = Array.IndexOf(json, (byte)'X');
        json[at] = 0xC3;
        json[at + 1] = 0x28;

        Assert.ThrowsAny<JsonException>(() => FullModel.Decode(json));
        var error = Assert.ThrowsAny<JsonException>(() => AdmissionCodec.Decode(json));
        Assert.Equal("$.request.object.metadata.name", error.Path);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Common_values_are_shared_strings_but_equal_to_what_was_sent()
    {
        var json = """{"apiVersion":"admission.k8s.io/v1","request":{"operation":"CREATE","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"resource":"pods"}}}""";

        var first = Decode(json)!;
        var second = Decode(json)!;

        Assert.Same(first.Request!.Operation, second.Request!.Operation);
        Assert.Equal("CREATE", first.Request.Operation);
        Assert.Equal("pods", first.Request.Resource!.Resource);
        Assert.Equal("CREATE2", Decode("""{"request":{"operation":"CREATE2"}}""")!.Request!.Operation);
        Assert.Equal("CREATE", Decode("""{"request":{"operation":"CREAT\u0045"}}""")!.Request!.Operation);

        static string MountPath(string path) => Decode(Review("""{"spec":{"containers":[{"volumeMounts":[{"mountPath":""" + "\"" + path + "\"}]}]}}"))!
            .Request!.Object!.Containers![0].VolumeMounts![0].MountPath;
        const string ApiAccess = "/var/run/secrets/kubernetes.io/serviceaccount";
        Assert.Same(MountPath(ApiAccess), MountPath(ApiAccess));
        Assert.Equal(ApiAccess, MountPath(ApiAccess));
        Assert.Equal(ApiAccess, MountPath(@"\/var\/run/secrets/kubernetes.io/serviceaccount"));
        Assert.Equal(ApiAccess + "/x", MountPath(ApiAccess + "/x"));
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccounT", MountPath("/var/run/secrets/kubernetes.io/serviceaccounT"));
    }

    private static AdmissionReview? Decode(string json) => AdmissionCodec.Decode(Encoding.UTF8.GetBytes(json));

    private static string Review(string pod, string more = "") => """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1",
         "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
         "namespace":"team-a","operation":"CREATE","object":
        """ + pod + (more.Length == 0 ? "" : "," + more) + "}}";

    /// <summary>A value <paramref name="depth"/> levels deep, objects and arrays in turn.</summary>
    private static string Nested(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append(i % 2 == 0 ? "[1,\"x\"," : "{\"a\":null,\"b\":");
        }

        text.Append("true");
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append(i % 2 == 0 ? ']' : '}');
        }

        return text.ToString();
    }

    /// <summary>Every field the decoder reads equals what System.Text.Json makes of the full model.</summary>
    private static void AssertSameAsFullModel(string json)
    {
        var expected = FullModel.Decode(json);
        var actual = Decode(json);
        Assert.Equal(ReviewText.Describe(expected), ReviewText.Describe(actual));
    }
}
