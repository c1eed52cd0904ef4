using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers.Aws;

using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.Aws;

/// <summary>Every AWS annotation, valid and invalid, with the exact message a user sees.</summary>
public sealed class AwsIrsaAnnotationValidationTests
{
    private const string Arn = "arn:aws:iam::111122223333:role/app";

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/app")]
    [InlineData("arn:aws-cn:iam::111122223333:role/app")]
    [InlineData("arn:aws-us-gov:iam::111122223333:role/app")]
    [InlineData("arn:aws-iso-b:iam::111122223333:role/app")]
    [InlineData("arn:aws:iam::111122223333:role/path/to/app")]
    [InlineData("arn:aws:iam::111122223333:role/with+=,.@-chars_ok")]
    public void Valid_role_arns_are_injected(string arn) =>
        Assert.NotNull(Plan(new() { ["eks.amazonaws.com/role-arn"] = arn }).Plan);

    [Theory]
    [InlineData("arn:aws:iam::12345:role/app")]
    [InlineData("arn:aws:iam::111122223333:user/app")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:iam::111122223333:role/")]
    [InlineData("111122223333:role/app")]
    [InlineData(" arn:aws:iam::111122223333:role/app")]
    [InlineData("")]
    public void Invalid_role_arn_names_the_service_account_annotation_value_and_example(string arn)
    {
        var problems = Plan(new() { ["eks.amazonaws.com/role-arn"] = arn }).Problems;

        Assert.Equal(
            $"ServiceAccount \"team-a/app\" annotation eks.amazonaws.com/role-arn=\"{arn}\" is invalid: expected an IAM role ARN " +
            "arn:<partition>:iam::<12-digit account id>:role/<path/name>, e.g. arn:aws:iam::111122223333:role/my-app",
            Assert.Single(problems));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sts amazonaws")]
    [InlineData("sts.amazonaws.com\n")]
    public void Invalid_audience(string audience)
    {
        var problems = Plan(new() { ["eks.amazonaws.com/role-arn"] = Arn, ["eks.amazonaws.com/audience"] = audience }).Problems;

        Assert.Equal(
            // Issue 14 item 2: the value is quoted on one line (a newline is written as \n).
            $"ServiceAccount \"team-a/app\" annotation eks.amazonaws.com/audience=\"{audience.Replace("\n", "\\n", StringComparison.Ordinal)}\" is invalid: expected a non-empty audience without spaces, e.g. \"sts.amazonaws.com\"",
            Assert.Single(problems));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("regional")]
    [InlineData("")]
    public void Invalid_sts_regional_endpoints(string value)
    {
        var problems = Plan(new() { ["eks.amazonaws.com/role-arn"] = Arn, ["eks.amazonaws.com/sts-regional-endpoints"] = value }).Problems;

        Assert.Equal(
            $"ServiceAccount \"team-a/app\" annotation eks.amazonaws.com/sts-regional-endpoints=\"{value}\" is invalid: expected \"true\" or \"false\"",
            Assert.Single(problems));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("F", false)]
    [InlineData("false", false)]
    public void Sts_regional_endpoints_accepts_go_boolean_spellings_like_the_eks_webhook(string value, bool regional)
    {
        var plan = Plan(new() { ["eks.amazonaws.com/role-arn"] = Arn, ["eks.amazonaws.com/sts-regional-endpoints"] = value }).Plan!;

        Assert.Equal(regional, plan.Env.SelectMany(g => g.Variables).Any(v => v.Name == "AWS_STS_REGIONAL_ENDPOINTS"));
    }

    [Theory]
    [InlineData("1h")]
    [InlineData("3600.5")]
    [InlineData("")]
    [InlineData("4294967296")]
    public void Invalid_token_expiration_on_service_account(string value)
    {
        var problems = Plan(new() { ["eks.amazonaws.com/role-arn"] = Arn, ["eks.amazonaws.com/token-expiration"] = value }).Problems;

        Assert.Equal(
            $"ServiceAccount \"team-a/app\" annotation eks.amazonaws.com/token-expiration=\"{value}\" is invalid: expected a whole number of seconds, e.g. \"3600\" (values below 600 are raised to 600)",
            Assert.Single(problems));
    }

    [Fact]
    public void Invalid_token_expiration_on_pod_names_the_pod_by_generate_name()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { GenerateName = "web-5d8f-", Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/token-expiration"] = "ten minutes" } },
            Spec = new V1PodSpec { ServiceAccountName = "app", Containers = [new V1Container { Name = "web" }] },
        };

        var problems = Plan(new() { ["eks.amazonaws.com/role-arn"] = Arn }, pod).Problems;

        Assert.Equal(
            "Pod \"team-a/web-5d8f-*\" annotation eks.amazonaws.com/token-expiration=\"ten minutes\" is invalid: expected a whole number of seconds, e.g. \"3600\" (values below 600 are raised to 600)",
            Assert.Single(problems));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = Plan(new()
        {
            ["eks.amazonaws.com/role-arn"] = "nope",
            ["eks.amazonaws.com/audience"] = "a b",
            ["eks.amazonaws.com/sts-regional-endpoints"] = "maybe",
            ["eks.amazonaws.com/token-expiration"] = "soon",
        }).Problems;

        Assert.Equal(4, problems.Count);
    }

    // Issue 14 item 8: these were passed over in silence (NotRequested); an incomplete set is now a problem.
    [Fact]
    public void Annotations_without_role_arn_are_an_incomplete_set_naming_the_missing_trigger()
    {
        var result = Plan(new() { ["eks.amazonaws.com/audience"] = "a b", ["eks.amazonaws.com/token-expiration"] = "3600" });

        var problem = Assert.Single(result.Problems);
        Assert.Null(result.Plan);
        Assert.Equal(
            "ServiceAccount \"team-a/app\" has annotations eks.amazonaws.com/audience, eks.amazonaws.com/token-expiration but not eks.amazonaws.com/role-arn, " +
            "which they need: add eks.amazonaws.com/role-arn (e.g. \"arn:aws:iam::111122223333:role/my-app\"), or remove eks.amazonaws.com/audience, eks.amazonaws.com/token-expiration",
            problem);
    }

    [Fact]
    public void Unrelated_annotations_without_role_arn_are_not_requested()
    {
        Assert.Same(ProviderResult.NotRequested, Plan(new() { ["example.com/owner"] = "team-a" }));
        Assert.Same(ProviderResult.NotRequested, Plan([]));
    }

    [Fact]
    public void Reads_only_its_own_service_account_annotations()
    {
        var provider = new AwsIrsaProvider(new AwsIrsaOptions());

        Assert.True(provider.ReadsServiceAccountAnnotation("eks.amazonaws.com/role-arn"));
        Assert.True(provider.ReadsServiceAccountAnnotation("eks.amazonaws.com/token-expiration"));
        Assert.False(provider.ReadsServiceAccountAnnotation("eks.amazonaws.com/skip-containers"));
        Assert.False(provider.ReadsServiceAccountAnnotation("kubectl.kubernetes.io/last-applied-configuration"));
    }

    [Fact]
    public void One_provider_judges_each_value_afresh_when_reviews_alternate_between_service_accounts()
    {
        // The validator keeps its last verdict per rule; a different value must never get it.
        var provider = new AwsIrsaProvider(new AwsIrsaOptions());
        var valid = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = Arn };
        var invalid = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::1:role/app" };
        var validAgainCopy = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = new string(Arn.AsSpan()) };

        for (var round = 0; round < 3; round++)
        {
            Assert.NotNull(Plan(provider, valid).Plan);
            Assert.Single(Plan(provider, invalid).Problems!);
            Assert.Single(Plan(provider, invalid).Problems!);
            Assert.NotNull(Plan(provider, validAgainCopy).Plan);
        }
    }

    [Fact]
    public void Concurrent_reviews_of_valid_and_invalid_service_accounts_each_get_their_own_verdict()
    {
        var provider = new AwsIrsaProvider(new AwsIrsaOptions());
        var annotations = Enumerable.Range(0, 8)
            .Select(i => new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = i % 2 == 0 ? $"arn:aws:iam::11112222333{i}:role/app" : $"arn:aws:iam::{i}:role/app" })
            .ToArray();

        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var result = Plan(provider, annotations[i % annotations.Length]);
            Assert.Equal(i % 2 == 0, result.Plan is not null);
        });
    }

    private static ProviderResult Plan(Dictionary<string, string> annotations, V1Pod? pod = null) =>
        Plan(new AwsIrsaProvider(new AwsIrsaOptions()), annotations, pod);

    private static ProviderResult Plan(AwsIrsaProvider provider, Dictionary<string, string> annotations, V1Pod? pod = null)
    {
        pod ??= new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec { ServiceAccountName = "app", Containers = [new V1Container { Name = "web" }] },
        };
        var serviceAccount = new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = annotations } };
        return provider.Plan(new InjectionContext("team-a", pod, serviceAccount));
    }
}
