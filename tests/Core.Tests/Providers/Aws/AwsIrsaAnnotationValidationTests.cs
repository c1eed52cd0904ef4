using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers.Aws;

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
            $"ServiceAccount \"team-a/app\" annotation eks.amazonaws.com/audience=\"{audience}\" is invalid: expected a non-empty audience without spaces, e.g. \"sts.amazonaws.com\"",
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

    [Fact]
    public void Annotations_without_role_arn_are_not_validated()
    {
        var result = Plan(new() { ["eks.amazonaws.com/audience"] = "a b" });

        Assert.Same(ProviderResult.NotRequested, result);
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

    private static ProviderResult Plan(Dictionary<string, string> annotations, V1Pod? pod = null)
    {
        pod ??= new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec { ServiceAccountName = "app", Containers = [new V1Container { Name = "web" }] },
        };
        var serviceAccount = new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = annotations } };
        return new AwsIrsaProvider(new AwsIrsaOptions()).Plan(new InjectionContext("team-a", pod, serviceAccount));
    }
}
