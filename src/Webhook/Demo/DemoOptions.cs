namespace PodIdentity.Webhook.Demo;

/// <summary>The <c>Demo</c> configuration section, read by <c>serve --demo</c> only.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public const string DefaultServiceAccounts = "deploy/examples/**/serviceaccount.yaml";

    /// <summary>
    /// A glob, a folder (every *.yaml / *.yml below it) or a file holding ServiceAccount manifests;
    /// relative to the current directory, falling back to the repository root.
    /// </summary>
    public string ServiceAccounts { get; set; } = DefaultServiceAccounts;

    /// <summary>
    /// Where the sample AdmissionReview and the demo certificate are written for the curl line; empty
    /// (the default): <c>$TMPDIR/pod-identity-webhook-demo-&lt;port&gt;</c>, one folder per listening port.
    /// </summary>
    public string OutputDirectory { get; set; } = "";

    /// <summary>Post the sample review to the server once it listens and print the answer, so the first run shows a mutation.</summary>
    public bool PostSample { get; set; } = true;
}
