using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// Skipping unread containers with <see cref="JsonContainerScanner"/> changes nothing but speed: for
/// well-formed, random and systematically broken bodies, the decoder accepts exactly what it accepts
/// when it skips with <see cref="Utf8JsonReader.Skip"/>, reads the same review, and fails with the same
/// error (which, for malformed JSON, is the plain reader's, line and byte position included).
/// </summary>
public sealed class ScannedSkipEquivalenceTests
{
    private static readonly string SamplesRoot = Path.Combine(AppContext.BaseDirectory, "Samples");

    public static IEnumerable<object[]> Fixtures => DecodedPodEquivalenceTests.Fixtures;

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Golden_fixture_reviews_decode_the_same(string file)
    {
        var json = DecodedPodEquivalenceTests.ReviewJson(GoldenCase.Load(file));
        var indented = JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        AssertSameOutcome(Encoding.UTF8.GetBytes(json), expectReview: true);
        AssertSameOutcome(Encoding.UTF8.GetBytes(indented), expectReview: true);
    }

    [Theory]
    [InlineData("review-3-containers.json")]
    [InlineData("review-api-server.json")]
    public void The_benchmark_samples_decode_the_same(string sample) =>
        AssertSameOutcome(Sample(sample), expectReview: true);

    [Fact]
    public void Random_unknown_values_everywhere_are_skipped_alike()
    {
        var random = new RandomJson(seed: 4);
        for (var i = 0; i < 300; i++)
        {
            AssertSameOutcome(Encoding.UTF8.GetBytes(WithJunk(random)), expectReview: true);
        }
    }

    [Fact]
    public void Every_truncation_of_the_API_server_sample_fails_alike()
    {
        foreach (var truncated in Corruptions.Truncations(Sample("review-api-server.json")))
        {
            AssertSameOutcome(truncated, expectReview: false);
        }
    }

    [Fact]
    public void Edits_at_every_byte_of_a_review_fail_or_decode_alike()
    {
        var review = Encoding.UTF8.GetBytes(WithJunk(new RandomJson(seed: 5)));
        var compactSample = Encoding.UTF8.GetBytes(JsonNode.Parse(Sample("review-3-containers.json"))!.ToJsonString());
        var edits = new Random(6);
        foreach (var edited in Corruptions.Edits(review, edits).Concat(Corruptions.Edits(compactSample, edits)))
        {
            AssertSameOutcome(edited, expectReview: null);
        }
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    public void A_skipped_value_may_reach_depth_64_from_the_root(int depth)
    {
        // "ports" is skipped inside $.request.object.spec.containers[0]: 6 levels are open at its value.
        var levels = depth - 6;
        var ports = string.Concat(Enumerable.Repeat("[{\"a\":", levels / 2)) + (levels % 2 == 1 ? "[]" : "1")
            + string.Concat(Enumerable.Repeat("}]", levels / 2));
        var json = Encoding.UTF8.GetBytes(
            """{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"c","ports":PORTS,"env":[{"name":"E"}]}]}}}}""".Replace("PORTS", ports, StringComparison.Ordinal));

        Assert.Equal(depth <= 64, JsonOracle.ReaderError(json) is null);
        AssertSameOutcome(json, expectReview: depth <= 64);
    }

    [Fact]
    public void Malformed_json_after_skipped_values_is_reported_where_the_reader_reports_it()
    {
        // Indented: many skipped containers before the error, on a later line.
        var text = Encoding.UTF8.GetString(Sample("review-3-containers.json"));
        var at = text.LastIndexOf("\"TCP\"", StringComparison.Ordinal);
        var json = Encoding.UTF8.GetBytes(text[..at] + "TCP" + text[(at + 5)..]);

        var error = Assert.ThrowsAny<JsonException>(() => AdmissionCodec.Decode(json));

        Assert.Equal(JsonOracle.ReaderError(json), error.Message);
        Assert.True(error.LineNumber > 10);
    }

    /// <summary>
    /// Both ways of skipping give the same review, or the same JsonException; the public decoder gives
    /// what skipping with the reader gives. A body the plain reader rejects is never decoded.
    /// </summary>
    private static void AssertSameOutcome(byte[] json, bool? expectReview)
    {
        var readerError = JsonOracle.ReaderError(json);
        var exact = Outcome(() => AdmissionReviewReader.Read(json, scanSkipped: false));
        var scanned = Outcome(() => AdmissionReviewReader.Read(json, scanSkipped: true));
        var decoded = Outcome(() => AdmissionCodec.Decode(json));

        var body = Encoding.UTF8.GetString(json);
        Assert.True(decoded == exact, $"decoded: {decoded}\nexact: {exact}\nbody: {body}");
        if (readerError is null)
        {
            Assert.True(scanned == exact, $"scanned: {scanned}\nexact: {exact}\nbody: {body}");
        }
        else
        {
            Assert.True(scanned.StartsWith("error", StringComparison.Ordinal), $"scanned: {scanned}\nreader: {readerError}\nbody: {body}");
            Assert.True(exact.StartsWith("error", StringComparison.Ordinal), $"exact: {exact}\nreader: {readerError}\nbody: {body}");
        }

        if (expectReview is { } review)
        {
            Assert.Equal(review, exact.StartsWith("review", StringComparison.Ordinal));
        }
    }

    private static string Outcome(Func<AdmissionReview?> decode)
    {
        try
        {
            return "review " + ReviewText.Describe(decode());
        }
        catch (JsonException e)
        {
            return "error " + e.Message;
        }
    }

    /// <summary>A review with random unknown properties, all skipped, at every level the decoder reads.</summary>
    private static string WithJunk(RandomJson random)
    {
        const string Template = """
            {JUNK,"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":VALUE,
             "request":{JUNK,"uid":"u-1","kind":{JUNK,"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"team-a",
              "userInfo":VALUE,"oldObject":VALUE,"options":VALUE,
              "object":{JUNK,"metadata":{JUNK,"name":"web","annotations":{"k":"v"},"labels":VALUE,"managedFields":VALUE},
               "spec":{JUNK,"serviceAccountName":"app","affinity":VALUE,
                "containers":[{JUNK,"name":"c","env":[{JUNK,"name":"E","value":"v","valueFrom":VALUE}],"resources":VALUE,
                               "volumeMounts":[{JUNK,"name":"m","mountPath":"/m"}],"livenessProbe":VALUE}],
                "volumes":[{JUNK,"name":"m","projected":VALUE}]},"status":VALUE}}}
            """;
        var text = new StringBuilder(Template);
        var unknown = 0;
        for (var at = Template.Length; (at = Template.LastIndexOf("JUNK", at - 1, StringComparison.Ordinal)) >= 0;)
        {
            text.Replace("JUNK", $"\"unknown{unknown++}\":{random.Value(maxDepth: 4)}", at, 4);
        }

        for (var at = text.Length; (at = text.ToString().LastIndexOf("VALUE", at - 1, StringComparison.Ordinal)) >= 0;)
        {
            text.Replace("VALUE", random.Object(maxDepth: 5), at, 5);
        }

        return text.ToString();
    }

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(SamplesRoot, name));
}
