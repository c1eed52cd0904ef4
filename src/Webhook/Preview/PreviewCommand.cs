using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Text;
using PodIdentity.Manifests;
using PodIdentity.Webhook.Mutation;

namespace PodIdentity.Webhook.Preview;

/// <summary>
/// Shows what the webhook would do to a pod, offline, with the server's own configuration and
/// validators. Exit 0 allowed, 1 denied, 2 bad input or configuration.
/// </summary>
internal static class PreviewCommand
{
    public const int Allowed = 0;
    public const int Denied = 1;
    public const int BadInput = 2;

    /// <summary>Parses <c>preview</c>'s arguments (as after the word <c>preview</c>) and runs it.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Hosting.WebhookCommandLine.Run([PreviewArguments.CommandName, .. args], stdout, stderr);

    public static int Run(PreviewArguments arguments, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return RunChecked(arguments, stdout, stderr);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The promise is exit 0, 1 or 2: whatever slipped past the checks is reported as bad input, on one line.
            stderr.WriteLine($"error: the pod could not be previewed: {e.GetType().Name}: {SafeText.Bound(e.Message, SafeText.MaxValueLength)}");
            return BadInput;
        }
    }

    private static int RunChecked(PreviewArguments arguments, TextWriter stdout, TextWriter stderr)
    {
        AdmissionReviewer reviewer;
        PodMutator mutator;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = arguments.ConfigurationArgs,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Services.AddPodMutation();
            using var host = builder.Build();
            reviewer = host.Services.GetRequiredService<AdmissionReviewer>();
            mutator = host.Services.GetRequiredService<PodMutator>();
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            stderr.WriteLine($"error: invalid configuration: {ConfigurationErrors.Describe(e)}");
            return BadInput;
        }

        V1Pod pod;
        V1ServiceAccount serviceAccount;
        try
        {
            pod = ManifestFile.Read<V1Pod>(arguments.PodFile, "Pod");
            serviceAccount = ManifestFile.Read<V1ServiceAccount>(arguments.ServiceAccountFile, "ServiceAccount");
        }
        catch (PreviewInputException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return BadInput;
        }

        // Decoded as the server decodes a review, so a pod it answers 400 (a null element) is bad input here, in its words.
        var ns = arguments.Namespace ?? pod.Metadata?.NamespaceProperty ?? serviceAccount.Metadata?.NamespaceProperty ?? "default";
        var request = AdmissionCodec.DecodeCreate(pod, ns, uid: "preview");
        if (request.Object is not { } admitted)
        {
            stderr.WriteLine($"error: {arguments.PodFile}: {request.ObjectProblem}");
            return BadInput;
        }

        if (PodShape.NullElement(serviceAccount) is { } accountProblem)
        {
            stderr.WriteLine($"error: {arguments.ServiceAccountFile}: {accountProblem}");
            return BadInput;
        }

        WarnOnMismatch(admitted.ServiceAccount, serviceAccount, ns, stderr);
        var unlookable = AdmissionReviewer.UnlookableServiceAccount(ns, admitted.ServiceAccount);

        // Prepared as the webhook's cache prepares it, in the namespace the pod is previewed in.
        var prepared = mutator.Prepare(ns, serviceAccount.Metadata?.Name ?? admitted.ServiceAccount, serviceAccount.Metadata?.Annotations);
        var response = unlookable is null ? reviewer.Review(request, prepared).Response! : new AdmissionResponse { Uid = request.Uid, Allowed = true, Warnings = [unlookable] };
        foreach (var warning in response.Warnings ?? [])
        {
            stderr.WriteLine($"warning: {warning}");
        }

        if (!response.Allowed)
        {
            stderr.WriteLine($"denied: {response.Status?.Message}");
            return Denied;
        }

        stdout.Write(arguments.Output == PreviewOutput.Patch ? PatchText(response.Patch) : MutatedPodYaml(pod, response.Patch));
        return Allowed;
    }

    private static string PatchText(byte[]? patch) =>
        patch is null ? "[]\n" : JsonNode.Parse(patch)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>The pod with the patch applied, in the YAML format the golden files were written in.</summary>
    private static string MutatedPodYaml(V1Pod pod, byte[]? patch)
    {
        if (patch is null)
        {
            return KubernetesManifest.Serialize(pod);
        }

        var document = JsonNode.Parse(KubernetesJson.Serialize(pod))!;
        PodPatch.Apply(document, patch);
        return KubernetesManifest.Serialize(KubernetesJson.Deserialize<V1Pod>(document));
    }

    /// <summary>The webhook looks the ServiceAccount up by the pod's name and namespace; say when the files disagree.</summary>
    private static void WarnOnMismatch(string wanted, V1ServiceAccount serviceAccount, string ns, TextWriter stderr)
    {
        if (serviceAccount.Metadata?.Name is { } name && name != wanted)
        {
            stderr.WriteLine($"warning: the pod uses ServiceAccount \"{wanted}\" but the file holds \"{name}\"; the webhook would read \"{ns}/{wanted}\"");
        }

        if (serviceAccount.Metadata?.NamespaceProperty is { } saNamespace && saNamespace != ns)
        {
            stderr.WriteLine($"warning: the ServiceAccount is in namespace \"{saNamespace}\" but the pod is previewed in \"{ns}\"");
        }
    }
}
