using System.Text.RegularExpressions;

namespace PodIdentity.Core.Providers.Aws;

public static partial class AwsRole
{
    public const string ExampleArn = "arn:aws:iam::111122223333:role/my-app";

    public const string ArnExpected =
        "an IAM role ARN arn:<partition>:iam::<12-digit account id>:role/<path/name>, e.g. arn:aws:iam::111122223333:role/my-app";

    /// <summary>Partitions aws, aws-cn, aws-us-gov, aws-iso-b…; role paths and names as IAM allows them.</summary>
    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::\d{12}:role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Region();

    public static bool IsRoleArn(string value) => RoleArn().IsMatch(value);

    public static bool IsRegion(string value) => Region().IsMatch(value);
}
