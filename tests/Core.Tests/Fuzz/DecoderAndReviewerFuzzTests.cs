using System.Diagnostics;
using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Tests.Support;
using PodIdentity.Core.Text;
using PodIdentity.Tests.Fuzz;
using Xunit.Abstractions;

namespace PodIdentity.Core.Tests.Fuzz;

/// <summary>
/// 10,000 hostile bodies through the decoder and, when they decode to a pod review, the reviewer with a
/// ServiceAccount that asks every provider for credentials: the decoder either reads the body or throws a
/// <see cref="JsonException"/> (the handler's 400), and the reviewer never throws, answers with bounded
/// one-line messages, and writes a patch that is JSON of add operations.
/// </summary>
public sealed class DecoderAndReviewerFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261204;
    private const int Count = 10_000;

    private static readonly TestReviewer Reviewer = TestMutator.Reviewer(new Dictionary<string, string?> { ["CoreWeave:Enabled"] = "true" });

    [Fact]
    public void Hostile_bodies_are_decoded_or_refused_and_never_break_the_reviewer()
    {
        var watch = Stopwatch.StartNew();
        int refused = 0, nullElements = 0, reviewed = 0;
        for (var i = 0; i < Count; i++)
        {
            var body = HostileReviews.Body(Seed, i);
            try
            {
                switch (Check(body))
                {
                    case Outcome.Refused:
                        refused++;
                        break;
                    case Outcome.NullElement:
                        nullElements++;
                        break;
                    case Outcome.Reviewed:
                        reviewed++;
                        break;
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"body {i} of seed {Seed} (HostileReviews.Body({Seed}, {i})): {e}");
            }
        }

        output.WriteLine($"{Count} bodies in {watch.Elapsed.TotalSeconds:0.0} s: {refused} refused as unreadable JSON, {nullElements} with a null element, {reviewed} reviewed");

        // The generator must reach every stage, or the suite proves little.
        Assert.True(refused > Count / 20, $"only {refused} refused");
        Assert.True(nullElements > Count / 100, $"only {nullElements} with a null element");
        Assert.True(reviewed > Count / 10, $"only {reviewed} reviewed");
    }

    internal enum Outcome
    {
        Refused,
        NullElement,
        Skipped,
        Reviewed,
    }

    /// <summary>What the handler does with a body, up to the response bytes; throws on any broken promise.</summary>
    internal static Outcome Check(byte[] body)
    {
        AdmissionReview? review;
        try
        {
            review = AdmissionCodec.Decode(body);
        }
        catch (JsonException e)
        {
            // Bounded by the handler to 200 characters; here: the message exists and is the reader's or ours.
            Assert.False(string.IsNullOrEmpty(e.Message));
            return Outcome.Refused;
        }

        if (review?.Request is not { } request || string.IsNullOrEmpty(request.Uid))
        {
            return Outcome.Skipped;
        }

        if (request.ObjectProblem is { } problem)
        {
            // The handler's 400 text; the decoder keeps no pod with a null element.
            Assert.Null(request.Object);
            Assert.True(SafeText.IsSafe(problem, SafeText.MaxMessageLength), problem);
            return Outcome.NullElement;
        }

        if (request.Object is not { } pod)
        {
            return Outcome.Skipped;
        }

        var ns = AdmissionReviewer.NamespaceOf(request);
        var name = pod.ServiceAccount;
        if (AdmissionReviewer.UnlookableServiceAccount(ns, name) is { } unlookable)
        {
            Assert.True(SafeText.IsSafe(unlookable, SafeText.MaxMessageLength), unlookable);
            return Outcome.Skipped;
        }

        var result = Reviewer.Review(request, ServiceAccount(ns, name));
        var response = result.Response!;
        Assert.Equal(request.Uid, response.Uid);
        Assert.True(response.Status?.Message is null || SafeText.IsSafe(response.Status.Message, SafeText.MaxMessageLength), response.Status?.Message);
        Assert.All(response.Warnings ?? [], w => Assert.True(SafeText.IsSafe(w, SafeText.MaxMessageLength), w));
        if (response.Patch is { } patch)
        {
            using var document = JsonDocument.Parse(patch);
            Assert.All(document.RootElement.EnumerateArray(), op => Assert.Equal("add", op.GetProperty("op").GetString()));
        }

        using var encoded = JsonDocument.Parse(AdmissionCodec.Encode(response));
        Assert.Equal(request.Uid, encoded.RootElement.GetProperty("response").GetProperty("uid").GetString());
        return Outcome.Reviewed;
    }

    /// <summary>Every provider triggered; "bad" carries invalid values, "nobody" is not found.</summary>
    private static V1ServiceAccount? ServiceAccount(string ns, string name)
    {
        Dictionary<string, string>? annotations = name switch
        {
            "aws" => new() { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app", ["eks.amazonaws.com/sts-regional-endpoints"] = "true" },
            "gcp" => new() { ["cloud.google.com/workload-identity-provider"] = "projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov", ["cloud.google.com/injection-mode"] = "gcloud" },
            "caios" => new() { ["caios.coreweave.com/inject"] = "true", ["caios.coreweave.com/org-id"] = "cw1234" },
            "all" => new()
            {
                ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app",
                ["cloud.google.com/workload-identity-provider"] = "projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov",
                ["caios.coreweave.com/inject"] = "true",
                ["caios.coreweave.com/org-id"] = "cw1234",
            },
            "bad" => new() { ["eks.amazonaws.com/role-arn"] = "arn:\n" + new string('x', 5000), ["cloud.google.com/service-account-email"] = "x\u001b" },
            "nobody" => null,
            _ => [],
        };
        return annotations is null ? null : new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Annotations = annotations } };
    }
}
