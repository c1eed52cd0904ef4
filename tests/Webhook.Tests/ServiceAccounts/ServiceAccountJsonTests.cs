using System.Text;
using System.Text.Json;
using PodIdentity.Webhook.ServiceAccounts;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

/// <summary>How list items and watch objects are read: only what the store needs, nothing lost of it.</summary>
public sealed class ServiceAccountJsonTests
{
    private const string RoleArn = "eks.amazonaws.com/role-arn";

    private static readonly ServiceAccountJson Json = new(key => key is RoleArn or "eks.amazonaws.com/audience");

    private static ServiceAccountObject Read(string json) => Json.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_name_namespace_resource_version_and_only_the_annotations_a_provider_reads()
    {
        var account = Read("""
            {"apiVersion":"v1","kind":"ServiceAccount",
             "metadata":{"name":"web","namespace":"apps","uid":"0b1c","resourceVersion":"1042","labels":{"app":"web"},
               "managedFields":[{"manager":"kubectl","fieldsV1":{"f:metadata":{}}}],
               "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":[1,2,{\"b\":null}]}",
                 "eks.amazonaws.com\/role-arn":"arn:aws:iam::111122223333:role\/web \u00e9","example.com/owner":"team-a",
                 "eks.amazonaws.com/audience":"sts.amazonaws.com"}},
             "secrets":[{"name":"web-token"}],"automountServiceAccountToken":false}
            """);

        Assert.Equal("apps", account.Namespace);
        Assert.Equal("web", account.Name);
        Assert.Equal("1042", account.ResourceVersion);
        Assert.Equal(
            [KeyValuePair.Create(RoleArn, "arn:aws:iam::111122223333:role/web é"), KeyValuePair.Create("eks.amazonaws.com/audience", "sts.amazonaws.com")],
            account.Annotations);
    }

    [Fact]
    public void Without_annotations_a_provider_reads_nothing_but_the_key_is_kept()
    {
        var account = Read("""{"metadata":{"namespace":"apps","name":"plain","annotations":{"example.com/owner":"team-a"}}}""");

        Assert.Equal(("apps", "plain"), (account.Namespace, account.Name));
        Assert.Null(account.Annotations);
        Assert.Null(account.ResourceVersion);
    }

    [Fact]
    public void Namespaces_and_annotation_keys_are_shared_strings()
    {
        var a = Read("{\"metadata\":{\"namespace\":\"team-a\",\"name\":\"x\",\"annotations\":{\"" + RoleArn + "\":\"arn:a\"}}}");
        var b = Read("{\"metadata\":{\"name\":\"y\",\"namespace\":\"team-a\",\"annotations\":{\"" + RoleArn + "\":\"arn:b\"}}}");

        Assert.Same(a.Namespace, b.Namespace);
        Assert.Same(a.Annotations![0].Key, b.Annotations![0].Key);
        Assert.Equal("arn:b", b.Annotations[0].Value);
    }

    [Fact]
    public void Relevant_keys_are_still_found_after_many_distinct_keys_no_provider_reads()
    {
        var json = new ServiceAccountJson(key => key == RoleArn);
        for (var i = 0; i < ServiceAccountJson.MaxRememberedKeys + 10; i++)
        {
            Assert.Null(json.Read(Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"n" + i + "\",\"annotations\":{\"example.com/k" + i + "\":\"v\"}}}")).Annotations);
        }

        var account = json.Read(Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"late\",\"annotations\":{\"example.com/k-new\":\"v\",\"" + RoleArn + "\":\"arn:late\"}}}"));
        Assert.Equal([KeyValuePair.Create(RoleArn, "arn:late")], account.Annotations);
    }

    [Fact]
    public void A_bookmark_carries_only_its_resource_version()
    {
        var bookmark = Read("""{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"resourceVersion":"2000","annotations":{"k8s.io/initial-events-end":"true"}}}""");

        Assert.Equal(("", "", "2000"), (bookmark.Namespace, bookmark.Name, bookmark.ResourceVersion));
        Assert.Null(bookmark.Annotations);
    }

    [Fact]
    public void A_list_page_gives_its_items_resource_version_and_continue_token()
    {
        var page = Json.ReadPage(Encoding.UTF8.GetBytes("""
            {"kind":"ServiceAccountList","apiVersion":"v1",
             "metadata":{"resourceVersion":"5000","continue":"eyJ2IjoxfQ==","remainingItemCount":1499,"selfLink":"x"},
             "items":[{"metadata":{"name":"a","namespace":"apps","annotations":{"eks.amazonaws.com/role-arn":"arn:a"}}},
                      {"metadata":{"name":"b","namespace":"apps"},"secrets":[{"name":"b-token"}]}]}
            """));

        Assert.Equal(("5000", "eyJ2IjoxfQ=="), (page.ResourceVersion, page.Continue));
        Assert.Equal(["a", "b"], page.Items.Select(i => i.Name));
        Assert.Equal([KeyValuePair.Create(RoleArn, "arn:a")], page.Items[0].Annotations);
        Assert.Null(page.Items[1].Annotations);
    }

    [Theory]
    [InlineData("""{"kind":"ServiceAccountList","metadata":{"resourceVersion":"7"},"items":[]}""")]
    [InlineData("""{"kind":"ServiceAccountList","metadata":{"resourceVersion":"7"},"items":null}""")]
    [InlineData("""{"items":[],"metadata":{"resourceVersion":"7","continue":""}}""")]
    public void The_last_page_of_an_empty_list_has_no_items_and_no_continue_token(string json)
    {
        var page = Json.ReadPage(Encoding.UTF8.GetBytes(json));

        Assert.Empty(page.Items);
        Assert.Equal("7", page.ResourceVersion);
        Assert.True(string.IsNullOrEmpty(page.Continue));
    }

    [Theory]
    [InlineData("""{"metadata":{"resourceVersion":"7"},"items":[null]}""")]
    [InlineData("""{"metadata":{"resourceVersion":7},"items":[]}""")]
    [InlineData("""{"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"a"}}""")]
    public void A_list_page_that_is_not_a_ServiceAccountList_is_a_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Json.ReadPage(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"metadata":{"name":7}}""")]
    [InlineData("""{"metadata":{"name":"x","namespace":["apps"]}}""")]
    [InlineData("""{"metadata":{"name":"x","resourceVersion":{}}}""")]
    [InlineData("""{"metadata":{"name":"x","annotations":{"eks.amazonaws.com/role-arn":12}}}""")]
    [InlineData("""{"metadata":{"name":"x","annotations":{"eks.amazonaws.com/role-arn":"arn""")]
    public void Anything_else_is_a_JsonException_that_ends_the_list_or_the_watch(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }
}
