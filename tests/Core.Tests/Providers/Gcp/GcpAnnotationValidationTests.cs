using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers.Gcp;

using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.Gcp;

public sealed class GcpAnnotationValidationTests
{
    private const string Provider = "projects/123456789012/locations/global/workloadIdentityPools/on-prem-kubernetes/providers/this-cluster";
    private const string Subject = "ServiceAccount \"team-a/app\" annotation ";

    private const string ProviderExpected =
        "expected projects/<project number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>, " +
        "e.g. projects/123456789012/locations/global/workloadIdentityPools/my-pool/providers/my-provider";

    private const string EmailExpected =
        "expected a Google service account email such as my-app@my-project.iam.gserviceaccount.com, " +
        "or no annotation at all for direct resource access by the federated principal";

    [Theory]
    [InlineData(Provider)]
    [InlineData("//iam.googleapis.com/" + Provider)]
    [InlineData("https://iam.googleapis.com/" + Provider)]
    [InlineData("projects/1/locations/europe-west1/workloadIdentityPools/pool/providers/prov")]
    public void ValidProviders(string value) => Assert.Null(Problems(("workload-identity-provider", value)));

    [Theory]
    [InlineData("projects/123456789012/workloadIdentityPools/pool/providers/prov")]
    [InlineData("123456789012/locations/global/workloadIdentityPools/pool/providers/prov")]
    [InlineData("projects/123456789012/locations/global/workloadIdentityPools/pool")]
    [InlineData("projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov/")]
    [InlineData("projects/123456789012/locations/global/workloadIdentityPools/Pool/providers/prov")]
    [InlineData("projects/123456789012/locations/global/workloadIdentityPools/abc/providers/prov")]
    [InlineData("http://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov")]
    [InlineData("//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov extra")]
    [InlineData("")]
    public void MalformedProvider_NamesTheFormat(string value)
    {
        Assert.Equal(
            [$"{Subject}cloud.google.com/workload-identity-provider=\"{value}\" is invalid: {ProviderExpected}"],
            Problems(("workload-identity-provider", value)));
    }

    [Theory]
    [InlineData("my-project")]
    [InlineData("example.com:my-project")]
    public void ProjectIdInProvider_HintsAtTheNumber(string project)
    {
        var value = $"//iam.googleapis.com/projects/{project}/locations/global/workloadIdentityPools/pool/providers/prov";

        Assert.Equal(
            [$"{Subject}cloud.google.com/workload-identity-provider=\"{value}\" is invalid: the project must be the project NUMBER, " +
                $"e.g. 123456789012, not the project id \"{project}\" (gcloud projects describe {project} --format='value(projectNumber)' prints it); {ProviderExpected}"],
            Problems(("workload-identity-provider", value)));
    }

    [Theory]
    [InlineData("app-x@my-project.iam.gserviceaccount.com")]
    [InlineData("bucket-reader@my-project.iam.gserviceaccount.com")]
    [InlineData("app@my-project.example.com.iam.gserviceaccount.com")]
    [InlineData("123456789012-compute@developer.gserviceaccount.com")]
    [InlineData("my-project@appspot.gserviceaccount.com")]
    public void ValidEmails(string email) => Assert.Null(Problems(("service-account-email", email)));

    [Theory]
    [InlineData("app-x")]
    [InlineData("app-x@gmail.com")]
    [InlineData("App-X@my-project.iam.gserviceaccount.com")]
    [InlineData("app-x@my-project.iam.gserviceaccount.com ")]
    [InlineData("app-x@123.iam.gserviceaccount.com")]
    [InlineData("")]
    public void InvalidEmail_NamesTheFormat(string email)
    {
        Assert.Equal(
            [$"{Subject}cloud.google.com/service-account-email=\"{email}\" is invalid: {EmailExpected}"],
            Problems(("service-account-email", email)));
    }

    [Fact]
    public void EmailOnIamGoogleapis_HintsAtTheDomain()
    {
        Assert.Equal(
            [$"{Subject}cloud.google.com/service-account-email=\"app-x@project.iam.googleapis.com\" is invalid: " +
                $"a service account email ends in .iam.gserviceaccount.com, not .iam.googleapis.com; {EmailExpected}"],
            Problems(("service-account-email", "app-x@project.iam.googleapis.com")));
    }

    [Theory]
    [InlineData("direct", true)]
    [InlineData("gcloud", true)]
    [InlineData("Direct", false)]
    [InlineData("init", false)]
    [InlineData("", false)]
    public void InjectionMode(string mode, bool valid)
    {
        var problems = Problems(("injection-mode", mode));
        if (valid)
        {
            Assert.Null(problems);
        }
        else
        {
            Assert.Equal([$"{Subject}cloud.google.com/injection-mode=\"{mode}\" is invalid: expected \"direct\" or \"gcloud\""], problems);
        }
    }

    [Theory]
    [InlineData("my-project", true)]
    [InlineData("example.com:my-project", true)]
    [InlineData("123456789012", true)]
    [InlineData("My_Project", false)]
    [InlineData("proj", false)]
    [InlineData("my-project-", false)]
    public void ProjectId(string project, bool valid)
    {
        var problems = Problems(("project-id", project));
        if (valid)
        {
            Assert.Null(problems);
        }
        else
        {
            Assert.Equal(
                [$"{Subject}cloud.google.com/project-id=\"{project}\" is invalid: expected a project id such as \"my-project\" " +
                    "(6 to 30 lowercase letters, digits and hyphens, starting with a letter) or a project number"],
                problems);
        }
    }

    [Theory]
    [InlineData("600", true)]
    [InlineData("43200", true)]
    [InlineData("599", false)]
    [InlineData("43201", false)]
    [InlineData("+3600", false)]
    [InlineData("1h", false)]
    public void ImpersonationLifetime(string seconds, bool valid)
    {
        var problems = Problems(("service-account-email", "app-x@my-project.iam.gserviceaccount.com"), ("service-account-token-lifetime-seconds", seconds));
        if (valid)
        {
            Assert.Null(problems);
        }
        else
        {
            Assert.Equal(
                [$"{Subject}cloud.google.com/service-account-token-lifetime-seconds=\"{seconds}\" is invalid: expected a whole number of seconds from 600 to 43200, e.g. \"3600\""],
                problems);
        }
    }

    [Fact]
    public void Audience_WithSpace()
    {
        Assert.Equal(
            [$"{Subject}cloud.google.com/audience=\"a b\" is invalid: expected a non-empty audience without spaces that the pool provider allows, " +
                "e.g. \"//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/my-pool/providers/my-provider\""],
            Problems(("audience", "a b")));
    }

    [Fact]
    public void TokenExpiration_OnServiceAccount()
    {
        Assert.Equal(
            [$"{Subject}cloud.google.com/token-expiration=\"soon\" is invalid: expected a whole number of seconds, e.g. \"3600\" (values below 600 are raised to 600)"],
            Problems(("token-expiration", "soon")));
    }

    [Fact]
    public void CustomPrefix_AppearsInMessages()
    {
        var provider = new GcpWorkloadIdentityProvider(new GcpOptions { AnnotationPrefix = "gcp.example.org" });
        var sa = Sa(("workload-identity-provider", "nope"));
        sa.Metadata.Annotations = sa.Metadata.Annotations.ToDictionary(kv => kv.Key.Replace("cloud.google.com", "gcp.example.org", StringComparison.Ordinal), kv => kv.Value);

        Assert.Equal([$"{Subject}gcp.example.org/workload-identity-provider=\"nope\" is invalid: {ProviderExpected}"], provider.Plan(new InjectionContext("team-a", GcpCredentialConfigTests.Pod(), sa)).Problems);
    }

    /// <summary>Problems for a ServiceAccount with a valid provider plus the given annotations (short names).</summary>
    private static IReadOnlyList<string>? Problems(params (string Name, string Value)[] annotations)
    {
        var result = new GcpWorkloadIdentityProvider(new GcpOptions()).Plan(new InjectionContext("team-a", GcpCredentialConfigTests.Pod(), Sa(annotations)));
        return result.Problems.Count == 0 ? null : result.Problems;
    }

    private static V1ServiceAccount Sa(params (string Name, string Value)[] annotations)
    {
        var all = new Dictionary<string, string> { ["cloud.google.com/workload-identity-provider"] = Provider };
        foreach (var (name, value) in annotations)
        {
            all["cloud.google.com/" + name] = value;
        }

        return new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = all } };
    }
}
