using System.Text;
using System.Text.Json;
using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Tests.Admission;

public sealed class AdmissionResponseWriterTests
{
    public static TheoryData<string> Cases => [.. Responses.Keys];

    private static readonly Dictionary<string, AdmissionResponse> Responses = new()
    {
        ["allowed, nothing else"] = new() { Uid = "u1", Allowed = true },
        ["patch"] = new() { Uid = "705ab4f5-6393-11e8-b7cc-42010a800002", Allowed = true, PatchType = "JSONPatch", Patch = Encoding.UTF8.GetBytes("[{\"op\":\"add\",\"path\":\"/spec/volumes/-\",\"value\":{\"name\":\"aws-iam-token\"}}]") },
        ["patch bytes whose base64 has + and /"] = new() { Uid = "u2", Allowed = true, PatchType = "JSONPatch", Patch = [0xfb, 0xff, 0xfe, 0x3e, 0x3f] },
        ["empty warnings"] = new() { Uid = "u3", Allowed = true, Warnings = [] },
        ["warnings needing escapes"] = new() { Uid = "u4", Allowed = true, Warnings = ["ServiceAccount \"team-a/app\" could not be read (<timeout> & 'retry'); pod admitted", "é ✓ \u0001 \\ tab\t+"] },
        ["denied with status"] = new() { Uid = "u5", Allowed = false, Status = new AdmissionStatus { Code = 403, Message = "ServiceAccount team-a/app annotation eks.amazonaws.com/role-arn=\"x\" is invalid", Reason = "Forbidden" } },
        ["status with only a message"] = new() { Uid = "u6", Allowed = false, Status = new AdmissionStatus { Message = "m" } },
        ["empty uid"] = new() { Allowed = true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_the_same_bytes_as_the_source_generated_serializer(string name)
    {
        var response = Responses[name];
        var expected = JsonSerializer.SerializeToUtf8Bytes(new AdmissionReview { ApiVersion = AdmissionReview.V1, Kind = "AdmissionReview", Response = response }, Support.TestJsonContext.Default.AdmissionReview);

        var actual = AdmissionCodec.Encode(response);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void Consecutive_encodes_on_one_thread_do_not_share_bytes()
    {
        var first = AdmissionCodec.Encode(Responses["patch"]);
        var second = AdmissionCodec.Encode(Responses["allowed, nothing else"]);

        Assert.Contains("JSONPatch", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.DoesNotContain("JSONPatch", Encoding.UTF8.GetString(second), StringComparison.Ordinal);
    }

    [Fact]
    public void The_thread_buffer_holds_exactly_one_response_and_recovers_after_a_huge_one()
    {
        var expected = AdmissionCodec.Encode(Responses["patch"]);
        Assert.Equal(expected, AdmissionCodec.EncodeToThreadBuffer(Responses["patch"]).ToArray());

        // Warnings of ~100 KB grow the buffer past its cap; the next encode starts from a fresh one.
        var huge = new AdmissionResponse { Uid = "u", Allowed = true, Warnings = [new string('w', 100_000)] };
        Assert.True(AdmissionCodec.EncodeToThreadBuffer(huge).Length > 100_000);
        Assert.Equal(AdmissionCodec.Encode(Responses["allowed, nothing else"]), AdmissionCodec.EncodeToThreadBuffer(Responses["allowed, nothing else"]).ToArray());
        Assert.Equal(expected, AdmissionCodec.EncodeToThreadBuffer(Responses["patch"]).ToArray());
    }
}
