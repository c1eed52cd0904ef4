namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>A stand-in's answer.</summary>
internal sealed record Reply(int Status, string ContentType, string Body)
{
    public static Reply Json(string body) => new(200, "application/json", body);

    public static Reply Xml(string body) => new(200, "text/xml", body);
}
