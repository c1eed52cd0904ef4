using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PodIdentity.Tests.Fuzz;
using PodIdentity.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace PodIdentity.Webhook.Tests.Fuzz;

/// <summary>
/// 10,000 hostile bodies posted to the real <c>/mutate</c> over TLS on 127.0.0.1, four at a time, with
/// <c>?timeout=</c> values up to Go's largest duration. Every answer is an AdmissionReview echoing the uid or
/// a 4xx whose reason is one line of at most 256 characters; never a 5xx, never a hang (each request has
/// its own 30 s limit); and no log line the reviews wrote holds a line break.
/// </summary>
public sealed class MutateEndpointFuzzTests(MutateEndpointFuzzTests.ServerFixture fixture, ITestOutputHelper output) : IClassFixture<MutateEndpointFuzzTests.ServerFixture>
{
    private const int Seed = 14;
    private const int Count = 10_000;
    private const int Workers = 4;

    private static readonly string[] Timeouts = ["", "?timeout=10s", "?timeout=2562047h", "?timeout=9223372036854775807ns", "?timeout=-1s", "?timeout=1e9h", "?timeout=%0a"];

    [Fact]
    public async Task Hostile_bodies_get_an_AdmissionReview_or_a_bounded_one_line_4xx()
    {
        var (server, client) = (fixture.Server, fixture.Client);
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        var next = -1;
        var watch = Stopwatch.StartNew();

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Count && failures.IsEmpty)
            {
                var body = HostileReviews.Body(Seed, i);
                if (await Problem(client, body, Timeouts[i % Timeouts.Length], statuses) is { } problem)
                {
                    failures.Enqueue($"body {i} of seed {Seed} (HostileReviews.Body({Seed}, {i})): {problem}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(Worker)));
        output.WriteLine($"{Count} bodies in {watch.Elapsed.TotalSeconds:0.0} s: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"HTTP {s.Key} × {s.Value}")));
        Assert.Empty(failures);
        Assert.Equal(Count, statuses.Values.Sum());
        Assert.True(statuses.GetValueOrDefault(200) > Count / 10 && statuses.GetValueOrDefault(400) > Count / 10, "the generator must reach both answers");

        // Logged through the console format (as WebhookServer runs it): one line per event, whatever the request held.
        var broken = server.Logs.Entries.Where(e => e.Message.Contains('\n', StringComparison.Ordinal) || e.Message.Contains('\r', StringComparison.Ordinal)).Take(3).ToList();
        Assert.True(broken.Count == 0, string.Join("\n---\n", broken.Select(e => e.Message)));
        Assert.True(server.Logs.Entries.All(e => e.Message.Length < 8192), "a log line over 8 KiB");
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public async Task Inputs_that_once_failed_are_answered_as_expected(string file, int status, string expected)
    {
        var client = fixture.Client;
        var body = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions", file));
        var statuses = new ConcurrentDictionary<int, int>();

        Assert.Null(await Problem(client, body, "?timeout=10s", statuses));
        Assert.Equal(status, Assert.Single(statuses.Keys));
        using var message = await client.PostAsync("/mutate?timeout=10s", Content(body));
        Assert.Contains(expected, await message.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>File, expected status, and a piece of the answer, from Fuzz/Regressions/expectations.txt.</summary>
    public static TheoryData<string, int, string> Regressions()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions", "expectations.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t', 3);
            data.Add(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
        }

        return data;
    }

    /// <summary>One server for the suite: starting one per regression input would cost more than the inputs.</summary>
    public sealed class ServerFixture : IAsyncLifetime
    {
        internal WebhookServer Server { get; private set; } = null!;

        internal HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await WebhookServer.StartAsync(Lookup());
            Client = Server.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Server.DisposeAsync();
        }
    }

    internal static FakeServiceAccountLookup Lookup() => new FakeServiceAccountLookup()
        .Add("demo", "aws", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app" })
        .Add("demo", "gcp", new Dictionary<string, string> { ["cloud.google.com/workload-identity-provider"] = "projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov" })
        .Add("demo", "all", new Dictionary<string, string>
        {
            ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app",
            ["cloud.google.com/workload-identity-provider"] = "projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov",
        })
        .Add("demo", "bad", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:\n" + new string('x', 5000) })
        .Add("other", "admin", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::999999999999:role/admin" });

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Null when the answer keeps the promise; else what is wrong with it.</summary>
    private static async Task<string?> Problem(HttpClient client, byte[] body, string query, ConcurrentDictionary<int, int> statuses)
    {
        using var message = await client.PostAsync("/mutate" + query, Content(body));
        var status = (int)message.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        var text = await message.Content.ReadAsStringAsync();
        if (status == (int)HttpStatusCode.OK)
        {
            try
            {
                using var review = JsonDocument.Parse(text);
                var response = review.RootElement.GetProperty("response");
                return response.GetProperty("uid").ValueKind == JsonValueKind.String && response.GetProperty("allowed").ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? null
                    : $"HTTP 200 without uid and allowed: {text[..Math.Min(300, text.Length)]}";
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException)
            {
                return $"HTTP 200 that is not an AdmissionReview: {text[..Math.Min(300, text.Length)]}";
            }
        }

        if (status is < 400 or >= 500)
        {
            return $"HTTP {status}: {text[..Math.Min(300, text.Length)]}";
        }

        var reason = text.EndsWith('\n') ? text[..^1] : text;
        return reason.Length is 0 or > 256 || reason.Contains('\n', StringComparison.Ordinal) || reason.Contains('\r', StringComparison.Ordinal)
            ? $"HTTP {status} with a reason that is not one line of at most 256 characters ({reason.Length}): {reason[..Math.Min(300, reason.Length)]}"
            : null;
    }
}
