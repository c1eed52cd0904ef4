using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PodIdentity.Webhook.Tests.Support;

/// <summary>AdmissionReview request bodies as the API server sends them.</summary>
internal static class Reviews
{
    public static JsonObject PodCreate(string uid, string ns, string serviceAccount, int containers = 1, string operation = "CREATE", bool dryRun = false)
    {
        var list = new JsonArray();
        for (var i = 0; i < containers; i++)
        {
            list.Add(new JsonObject { ["name"] = $"app-{i}", ["image"] = "busybox" });
        }

        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = ns,
                ["operation"] = operation,
                ["dryRun"] = dryRun,
                ["object"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject { ["generateName"] = "web-7d9f8-", ["namespace"] = ns },
                    ["spec"] = new JsonObject { ["serviceAccountName"] = serviceAccount, ["containers"] = list },
                },
            },
        };
    }

    public static StringContent Json(JsonNode review) => Json(review.ToJsonString());

    public static StringContent Json(string text) =>
        new(text, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static async Task<JsonObject> ReadResponseAsync(HttpResponseMessage message)
    {
        var text = await message.Content.ReadAsStringAsync();
        Assert.True(message.IsSuccessStatusCode, $"HTTP {(int)message.StatusCode}: {text}");
        Assert.Equal("application/json", message.Content.Headers.ContentType?.MediaType);
        var review = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("admission.k8s.io/v1", (string?)review["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)review["kind"]);
        return review["response"]!.AsObject();
    }

    public static JsonArray Patch(JsonObject response) =>
        JsonNode.Parse(Convert.FromBase64String((string)response["patch"]!))!.AsArray();

    public static string[] Warnings(JsonObject response) =>
        response["warnings"]?.AsArray().Select(w => (string)w!).ToArray() ?? [];
}
