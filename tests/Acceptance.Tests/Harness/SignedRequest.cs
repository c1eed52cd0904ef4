namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>One request through the gate: who signed it, with which session token, and whether the signature held.</summary>
/// <param name="Problem">Null when the signature verified.</param>
internal sealed record SignedRequest(string Method, string Target, string? AccessKey, string SecurityToken, string? Problem);
