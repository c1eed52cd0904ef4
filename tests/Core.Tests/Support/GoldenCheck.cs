using System.Text;
using System.Text.Json;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Tests.Support;

/// <summary>
/// Checks one golden fixture: the patch, applied by an independent RFC 6902 library, must turn
/// the pod into the expected pod; a second review of that pod must change nothing.
/// </summary>
public static class GoldenCheck
{
    public static void Check(string file)
    {
        var golden = GoldenCase.Load(file);
        Check(golden, TestMutator.Reviewer(golden.Config));
    }

    /// <summary>The same check with a reviewer shared across fixtures, as one webhook process shares its providers.</summary>
    public static void Check(GoldenCase golden, AdmissionReviewer reviewer)
    {
        var request = new AdmissionRequest { Uid = "0b9c6d6e-2f0a-4c5e-9d3b-1f2a3b4c5d6e", Namespace = golden.Namespace, Operation = "CREATE", Object = PodModel.From(golden.Pod) };

        var response = reviewer.Review(request, golden.ServiceAccount).Response;

        Assert.Equal(request.Uid, response.Uid);
        Assert.Equal(golden.ExpectAllowed, response.Allowed);
        Assert.Equal(golden.ExpectedWarnings, response.Warnings ?? []);
        if (!golden.ExpectAllowed)
        {
            Assert.Equal(golden.ExpectedMessage, response.Status?.Message);
            Assert.Null(response.Patch);
            return;
        }

        AssertAddOnly(response.Patch, golden.Pod.Spec?.InitContainers is null);
        var mutated = PatchApplier.Apply(golden.Pod, response.Patch);
        Assert.Equal(PatchApplier.Canonical(golden.ExpectedPod ?? golden.Pod), PatchApplier.Canonical(mutated));

        var again = reviewer.Review(new AdmissionRequest { Uid = "second", Namespace = golden.Namespace, Operation = "CREATE", Object = PodModel.From(mutated) }, golden.ServiceAccount);
        Assert.True(again.Response.Allowed);
        Assert.Null(again.Response.Patch);
        Assert.Empty(again.Result.Patch);
    }

    /// <summary>Only "add", and never onto a whole container list: that is how the EKS webhook lost fields.</summary>
    /// <remarks>Creating initContainers is fine when the pod had none: nothing can be lost.</remarks>
    private static void AssertAddOnly(byte[]? patch, bool initContainersAbsent)
    {
        if (patch is null)
        {
            return;
        }

        using var document = JsonDocument.Parse(patch);
        foreach (var operation in document.RootElement.EnumerateArray())
        {
            Assert.Equal("add", operation.GetProperty("op").GetString());
            var path = operation.GetProperty("path").GetString()!;
            Assert.DoesNotMatch(initContainersAbsent ? "^/spec/containers/?$" : "^/spec/(initC|c)ontainers/?$", path);
            Assert.DoesNotMatch(@"^/spec/containers/\d+$", path);
        }

        Assert.True(Encoding.UTF8.GetString(patch).Length > 2);
    }
}
