using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// The decoder reads with <see cref="Utf8JsonReader"/> and nothing else: for well-formed, random and systematically
/// broken bodies it accepts exactly what the reader accepts, and fails with the reader's own error (message, line and
/// byte position) unless a value it reads has the wrong type first (then a <see cref="JsonException"/> naming the path).
/// Skipping with <c>JsonScanner</c> (the fast path) or with <see cref="Utf8JsonReader.Skip"/> changes nothing but speed.
/// </summary>
public sealed class ReaderAgreementTests
{
    private static readonly string SamplesRoot = Path.Combine(AppContext.BaseDirectory, "Samples");

    [Theory]
    [InlineData("review-3-containers.json")]
    [InlineData("review-api-server.json")]
    public void The_benchmark_samples_decode_as_the_full_model_reads_them(string sample)
    {
        AssertAgreesWithReader(Sample(sample), expectReview: true);
        Assert.Equal(ReviewText.Describe(FullModel.Decode(Sample(sample))), ReviewText.Describe(AdmissionCodec.Decode(Sample(sample))));
    }

    [Fact]
    public void Random_unknown_values_everywhere_are_skipped()
    {
        var random = new RandomJson(seed: 4);
        for (var i = 0; i < 300; i++)
        {
            AssertAgreesWithReader(Encoding.UTF8.GetBytes(WithJunk(random)), expectReview: true);
        }
    }

    [Fact]
    public void Every_truncation_of_the_API_server_sample_is_the_readers_error()
    {
        foreach (var truncated in Corruptions.Truncations(Sample("review-api-server.json")))
        {
            // A prefix of a valid review holds no wrong type: the error is the reader's, exactly.
            var error = Assert.ThrowsAny<JsonException>(() => AdmissionCodec.Decode(truncated));
            Assert.Equal(JsonOracle.ReaderError(truncated), error.Message);
        }
    }

    [Fact]
    public void Edits_at_every_byte_of_a_review_fail_as_the_reader_does_or_decode()
    {
        var review = Encoding.UTF8.GetBytes(WithJunk(new RandomJson(seed: 5)));
        var compactSample = Encoding.UTF8.GetBytes(JsonNode.Parse(Sample("review-3-containers.json"))!.ToJsonString());
        var edits = new Random(6);
        foreach (var edited in Corruptions.Edits(review, edits).Concat(Corruptions.Edits(compactSample, edits)))
        {
            AssertAgreesWithReader(edited, expectReview: null);
        }
    }

    /// <summary>
    /// Where the decoder reads rather than skips: strings that become text (escapes, surrogates, invalid
    /// UTF-8), literals and numbers where a string or boolean is expected, whitespace and punctuation
    /// between read members, and the body's first and last bytes. Bytes 0x80–0xFF are written as chars
    /// U+0080–U+00FF (Latin-1), so a body can hold invalid UTF-8.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadPositionBodies))]
    public void Values_the_decoder_reads_fail_as_the_reader_does_or_decode(string latin1)
    {
        var json = Encoding.Latin1.GetBytes(latin1);
        AssertAgreesWithReader(json, expectReview: null);
    }

    public static TheoryData<string> ReadPositionBodies() =>
    [
        // Strings that become text.
        """{"request":{"uid":"u\uD800"}}""", """{"request":{"uid":"\uDC00x"}}""", """{"request":{"uid":"\uD83D\uDE00"}}""",
        """{"request":{"uid":"\uD83Dx"}}""", """{"request":{"uid":"a\"b\\c\/d\b\f\n\r\t"}}""", """{"request":{"uid":"\u00e9\u0000"}}""",
        "{\"request\":{\"uid\":\"u\u00FF\"}}", "{\"request\":{\"uid\":\"\u00C0\u00AF\"}}", "{\"request\":{\"uid\":\"\u00C3\u00A9t\u00C3\u00A9\"}}",
        "{\"request\":{\"uid\":\"\u00ED\u00A0\u0080\"}}", "{\"request\":{\"uid\":\"\u00C3\"}}", "{\"request\":{\"n\u00FFme\":\"x\",\"uid\":\"u\"}}",
        """{"request":{"uid":"u","object":{"metadata":{"annotations":{"\uD800":"v"}}}}}""",
        """{"request":{"uid":"u","object":{"metadata":{"annotations":{"k\u0065y":"v\u0061lue","key":"last"}}}}}""",
        "{\"request\":{\"uid\":\"u\",\"object\":{\"metadata\":{\"annotations\":{\"k\u00FF\":\"v\"}}}}}",
        """{"request":{"u\uD800id":"x","uid":"u"}}""", """{"request":{"\u0075id":"escaped name"}}""", """{"request":{"uid":"u","object":{"metadata":{"name":"bad \x escape"}}}}""",
        """{"request":{"uid":"u\u12"}}""", """{"request":{"uid":"u\u12G4"}}""", "{\"request\":{\"uid\":\"tab\tin\"}}", """{"request":{"uid":"not closed}}""",

        // Literals and numbers where a string, a boolean or an object is read.
        """{"request":{"uid":"u","dryRun":tru}}""", """{"request":{"uid":"u","dryRun":truee}}""", """{"request":{"uid":"u","dryRun":false}}""",
        """{"request":{"uid":"u","dryRun":nul}}""", """{"request":{"uid":"u","dryRun":nulll}}""", """{"request":{"uid":"u","dryRun":1}}""",
        """{"request":{"uid":1e5}}""", """{"request":{"uid":-0.5E-3}}""", """{"request":{"uid":01}}""", """{"request":{"uid":-}}""",
        """{"request":{"uid":1.}}""", """{"request":{"uid":.5}}""", """{"request":{"uid":+1}}""", """{"request":{"uid":1 2}}""",
        """{"request":{"uid":"u","object":true}}""", """{"request":{"uid":"u","object":{"spec":{"containers":[1,]}}}}""",

        // Whitespace and punctuation between read members.
        " { \"request\" : { \"uid\" : \"u\" , \"dryRun\" : true , \"object\" : { \"spec\" : { \"containers\" : [ { \"name\" : \"c\" } , null ] } } } } ",
        "\t{\r\n\"request\"\n:\r{\"uid\":\"u\"}\n}\r\n",
        """{"request":{"uid":"u","object":{"spec":{"containers":[ ]}}}}""", """{"request":{"uid":"u","object":{"spec":{"containers":[ , ]}}}}""",
        """{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a"},]}}}}""", """{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a"} {"name":"b"}]}}}}""",
        """{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a"}}}}}}""", """{"request":{"uid":"u","object":{"spec":{"containers":[{]}}}}}""",
        """{"request":{"uid":"u","object":{"spec":{"containers":[{"name":"a",}]}}}}""", """{"request":{"uid":"u","object":{"spec":{"containers":[{"name" "a"}]}}}}""",
        """{"request":{"uid":"u"},}""", """{,"request":{}}""", """{"request" {}}""", """{"request":{}:}""", """{"request":{"uid":"u"}""",
        """{"request":{"uid":"u","kind":{ }}}""", """{"request":{"uid":"u","kind":{"kind":"Pod" "group":""}}}""", """{"request":{"uid":"u","kind":{"kind":}}}""",
        """{"request":{"uid":"u","object":{"metadata":{"annotations":{ "a" : "1" , "b" : null }}}}}""", """{"request":{"uid":"u","object":{"metadata":{"annotations":{"a":"1",}}}}}""",
        """{"request":{"uid":"u","object":{"metadata":{"annotations":{"a"}}}}}""", """{"request":{"uid":"u","object":{"metadata":{"annotations":{1:"a"}}}}}""",

        // The body's first and last bytes.
        "null", " null ", "nul", "null x", "null null", "\u00EF\u00BB\u00BFnull", "\u00EF\u00BB\u00BF{}", "{}", "{} ", "{}}", "{} {}", "[]", "", " ", "\"s\"", "1", "true",
        """{"request":null}""", """{"request":{}} x""", """{"request":{}}/**/""", "{\"request\":{}}\u0000",
    ];

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
        AssertAgreesWithReader(json, expectReview: depth <= 64);
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
    /// A body the reader rejects is never decoded, and its error is the reader's unless the decoder met a value of
    /// the wrong type before the reader's error (a path-naming error of ours); a body the reader reads is decoded or
    /// has such a wrong type.
    /// </summary>
    private static void AssertAgreesWithReader(byte[] json, bool? expectReview)
    {
        var readerError = JsonOracle.ReaderError(json);
        var body = Encoding.UTF8.GetString(json);
        JsonException? error = null;
        try
        {
            AdmissionCodec.Decode(json);
        }
        catch (JsonException e)
        {
            error = e;
        }

        if (readerError is not null)
        {
            Assert.True(error is not null, $"decoded what the reader rejects ({readerError}): {body}");
        }

        if (error is not null && error.Message != readerError)
        {
            // Ours: a wrong type (or a string that is not text) at a path, worded like the serializer's.
            Assert.True(error.Path is not null && error.Message.Contains($"Path: {error.Path} | LineNumber: ", StringComparison.Ordinal),
                $"error: {error.Message}\nreader: {readerError}\nbody: {body}");
        }

        if (expectReview is { } review)
        {
            Assert.True(review == (error is null), $"error: {error?.Message}\nbody: {body}");
        }

        // Skipping with the scanner or with Utf8JsonReader.Skip: the same review or wrong type; both refuse malformed JSON.
        var scanned = Outcome(() => AdmissionReviewReader.Read(json, scanSkips: true));
        var skipped = Outcome(() => AdmissionReviewReader.Read(json, scanSkips: false));
        if (readerError is null)
        {
            Assert.True(scanned == skipped, $"scanned: {scanned}\nskipped: {skipped}\nbody: {body}");
        }
        else
        {
            Assert.True(scanned.StartsWith("error", StringComparison.Ordinal) && skipped == "error " + readerError || skipped.Contains("Path: ", StringComparison.Ordinal),
                $"scanned: {scanned}\nskipped: {skipped}\nreader: {readerError}\nbody: {body}");
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
