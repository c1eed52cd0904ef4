using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Mutation;

public enum MutationOutcome
{
    /// <summary>At least one patch operation.</summary>
    Mutated,

    /// <summary>Allowed with nothing to add: no provider asked, or everything is already there.</summary>
    Skipped,

    /// <summary>Rejected because of invalid or conflicting annotations.</summary>
    Denied,
}

public sealed record MutationResult(
    MutationOutcome Outcome,
    IReadOnlyList<PatchOperation> Patch,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> ProvidersApplied,
    string? DenialMessage)
{
    public bool Allowed => Outcome != MutationOutcome.Denied;

    /// <summary>The message is made one bounded line here, so the response and the review log carry the same text.</summary>
    public static MutationResult Denied(string message, IReadOnlyList<string> warnings) =>
        new(MutationOutcome.Denied, [], warnings, [], Text.SafeText.Message(message));
}
