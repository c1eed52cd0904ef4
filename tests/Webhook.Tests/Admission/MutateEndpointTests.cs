using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Admission;

public sealed class MutateEndpointTests(MutateServerFixture fixture) : IClassFixture<MutateServerFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Pod_with_an_IRSA_ServiceAccount_is_mutated_over_HTTPS()
    {
        using var message = await _client.PostAsync("/mutate?timeout=10s", Reviews.Json(Reviews.PodCreate("uid-mutated", "demo", "s3-reader", containers: 2)));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-mutated", (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        var patch = Reviews.Patch(response);
        Assert.NotEmpty(patch);
        Assert.All(patch, op => Assert.Equal("add", (string?)op!["op"]));
        Assert.Contains(patch, op => (string?)op!["path"] == "/spec/volumes");
        Assert.Contains(patch, op => (string?)op!["path"] == "/spec/containers/1/env" || (string?)op!["path"] == "/spec/containers/1/env/-");
        Assert.Contains("arn:aws:iam::111122223333:role/s3-reader", patch.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpVersion.Version11, message.Version);
    }

    [Fact]
    public async Task Pod_whose_ServiceAccount_asks_for_nothing_is_allowed_without_patch()
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-skipped", "demo", "plain")));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-skipped", (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Null(response["patchType"]);
    }

    [Fact]
    public async Task Invalid_annotation_is_denied_with_a_status_message()
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-denied", "demo", "bad-arn")));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal("uid-denied", (string?)response["uid"]);
        Assert.False((bool)response["allowed"]!);
        Assert.Equal(403, (int)response["status"]!["code"]!);
        Assert.Contains("ServiceAccount \"demo/bad-arn\" annotation eks.amazonaws.com/role-arn", (string?)response["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceAccount_not_found_is_allowed_with_a_warning()
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-missing", "demo", "nobody")));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        var warning = Assert.Single(Reviews.Warnings(response));
        Assert.Contains("ServiceAccount \"demo/nobody\" was not found", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broken", "API server unreachable")]
    [InlineData("throws", "lookup exploded")]
    public async Task Lookup_unavailable_is_allowed_unmutated_with_a_warning_naming_the_ServiceAccount(string serviceAccount, string reason)
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-" + serviceAccount, "demo", serviceAccount)));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-" + serviceAccount, (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        var warning = Assert.Single(Reviews.Warnings(response));
        Assert.Contains($"ServiceAccount \"demo/{serviceAccount}\" could not be read", warning, StringComparison.Ordinal);
        Assert.Contains(reason, warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_query_bounds_the_lookup_and_the_pod_is_allowed_with_a_warning()
    {
        // The fake lookup never answers; only the 1s budget (80 % of it) ends the wait.
        using var message = await _client.PostAsync("/mutate?timeout=1s", Reviews.Json(Reviews.PodCreate("uid-slow", "demo", "slow")));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-slow", (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        var warning = Assert.Single(Reviews.Warnings(response));
        Assert.Contains("ServiceAccount \"demo/slow\" could not be read (no answer within 800 ms", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2562047h")]
    [InlineData("9223372036854775807ns")]
    public async Task A_huge_timeout_on_a_cache_miss_still_mutates_the_pod(string timeout)
    {
        using var message = await _client.PostAsync($"/mutate?timeout={timeout}", Reviews.Json(Reviews.PodCreate("uid-late-" + timeout, "demo", "late")));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.True((bool)response["allowed"]!);
        Assert.Empty(Reviews.Warnings(response));
        Assert.Contains("arn:aws:iam::111122223333:role/late", Reviews.Patch(response).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_ServiceAccount_name_is_not_looked_up_and_the_pod_is_admitted_with_a_warning()
    {
        var calls = fixture.Server.Lookup.Calls;

        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-traversal", "demo", "../../other/serviceaccounts/admin")));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Contains("is not a valid name", Assert.Single(Reviews.Warnings(response)), StringComparison.Ordinal);
        Assert.Equal(calls, fixture.Server.Lookup.Calls);
    }

    [Theory]
    [InlineData("UPDATE")]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    public async Task Operations_other_than_CREATE_are_allowed_without_patch_or_lookup(string operation)
    {
        var review = Reviews.PodCreate("uid-" + operation, "demo", "s3-reader", operation: operation);
        if (operation == "DELETE")
        {
            review["request"]!.AsObject().Remove("object");
        }

        using var message = await _client.PostAsync("/mutate", Reviews.Json(review));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-" + operation, (string?)response["uid"]);
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
    }

    [Fact]
    public async Task Dry_run_is_reviewed_like_any_other_request()
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-dry", "demo", "s3-reader", dryRun: true)));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Content_type_other_than_JSON_is_415(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Reviews.PodCreate("u", "demo", "s3-reader").ToJsonString()));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var message = await _client.PostAsync("/mutate", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, message.StatusCode);
        Assert.Contains("application/json", await message.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "request body is not a readable AdmissionReview")]
    [InlineData("", "request body is not a readable AdmissionReview")]
    [InlineData("{}", "AdmissionReview has no \"request\"")]
    [InlineData("null", "AdmissionReview has no \"request\"")]
    [InlineData("[1,2]", "request body is not a readable AdmissionReview")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"apps","version":"v1","kind":"Deployment"},"resource":{"group":"apps","version":"v1","resource":"deployments"},"operation":"CREATE","object":{}}}""", "request is for Deployment (apps/v1), not a Pod")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE"}}""", "request.object is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","object":{}}}""", "request.uid is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u"}}""", "apiVersion \"admission.k8s.io/v1beta1\" is not supported")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE","object":{"spec":{"containers":"oops"}}}}""", "request body is not a readable AdmissionReview")]
    public async Task Malformed_input_is_a_400_with_a_clear_message(string body, string expected)
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(body));

        var text = await message.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, message.StatusCode);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_over_3_MiB_is_413(bool chunked)
    {
        var uid = $"uid-big-{chunked}";
        var review = Reviews.PodCreate(uid, "demo", "s3-reader");
        review["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["filler"] = new string('x', (3 * 1024 * 1024) + 10) };
        var bytes = Encoding.UTF8.GetBytes(review.ToJsonString());
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        var rejectionsBefore = Rejections413();

        try
        {
            using var message = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, message.StatusCode);
            Assert.Contains("exceeds 3 MiB", await message.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // HTTP/1.1 race: the server answers 413 without reading the rest of the body and closes the
            // connection; a client still sending may see the reset before it reads the answer. The
            // server's side of the exchange must then show the rejection.
        }

        Assert.True(Rejections413() > rejectionsBefore, "the server did not reject the body with HTTP 413");
    }

    private int Rejections413() =>
        fixture.Server.Logs.Entries.Count(e => e.EventId == 1002 && e.Message.Contains("HTTP 413", StringComparison.Ordinal) && e.Message.Contains("exceeds 3 MiB", StringComparison.Ordinal));

    [Fact]
    public async Task Chunked_body_just_under_the_cap_in_small_chunks_is_reviewed()
    {
        // Issue 14 item 10: Kestrel counted the chunk framing against the cap, so this was a 413.
        var review = Reviews.PodCreate("uid-large-chunked", "demo", "s3-reader");
        review["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["filler"] = "" };
        var text = review.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\"filler\":\"\"", "\"filler\":\"" + new string('x', (3 * 1024 * 1024) - 1 - text.Length) + "\"", StringComparison.Ordinal));
        Assert.Equal((3 * 1024 * 1024) - 1, bytes.Length);
        using var content = new ChunkedContent(bytes, 1_000);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var message = await _client.PostAsync("/mutate", content);

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-large-chunked", (string?)response["uid"]);
    }

    /// <summary>A body of unknown length (so sent chunked), written <paramref name="chunk"/> bytes at a time: one chunk each.</summary>
    private sealed class ChunkedContent(byte[] bytes, int chunk) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < bytes.Length; offset += chunk)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Body_just_under_the_cap_is_reviewed()
    {
        var review = Reviews.PodCreate("uid-large", "demo", "s3-reader");
        review["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["filler"] = new string('x', 2 * 1024 * 1024) };

        using var message = await _client.PostAsync("/mutate", Reviews.Json(review));

        var response = await Reviews.ReadResponseAsync(message);
        Assert.Equal("uid-large", (string?)response["uid"]);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
    }

    [Fact]
    public async Task Get_on_mutate_is_405_and_mutate_is_not_served_on_the_plain_listener()
    {
        using var get = await _client.GetAsync("/mutate");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        using var plain = fixture.Server.CreatePlainClient();
        using var message = await plain.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("u", "demo", "s3-reader")));
        Assert.Equal(HttpStatusCode.NotFound, message.StatusCode);
    }

    [Fact]
    public async Task Each_review_logs_one_information_line_without_the_pod_spec()
    {
        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-logged", "demo", "s3-reader")));
        await Reviews.ReadResponseAsync(message);

        var entries = fixture.Server.Logs.Entries.Where(e => e.Message.Contains("uid-logged", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(1001, entry.EventId);
        Assert.Equal("demo", entry.Properties["Namespace"]);
        // Named as every message names it: a pod that only has a generateName is "<generateName>*".
        Assert.Equal("web-7d9f8-*", entry.Properties["Pod"]);
        Assert.Equal("s3-reader", entry.Properties["ServiceAccount"]);
        Assert.Equal("mutated", entry.Properties["Outcome"]);
        Assert.Equal("aws", entry.Properties["Providers"]);
        Assert.DoesNotContain("busybox", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("arn:aws", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosting_diagnostics_logger_is_off_so_review_lines_carry_no_request_scope()
    {
        // ASP.NET Core's hosting diagnostics open a RequestId/RequestPath scope and start an Activity
        // per request whenever their logger is enabled at any level; the webhook switches it off.
        var hosting = fixture.Server.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        Assert.False(hosting.IsEnabled(LogLevel.Critical));

        using var message = await _client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-unscoped", "demo", "s3-reader")));
        await Reviews.ReadResponseAsync(message);

        var entry = Assert.Single(fixture.Server.Logs.Entries, e => e.Message.Contains("uid-unscoped", StringComparison.Ordinal));
        Assert.False(entry.Properties.ContainsKey("RequestId"), string.Join(", ", entry.Properties.Keys));
        Assert.False(entry.Properties.ContainsKey("RequestPath"), string.Join(", ", entry.Properties.Keys));
        Assert.Equal("uid-unscoped", entry.Properties["Uid"]);
    }
}
