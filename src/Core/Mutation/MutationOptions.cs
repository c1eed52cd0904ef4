namespace PodIdentity.Core.Mutation;

public sealed class MutationOptions
{
    public const string Section = "Mutation";

    /// <summary>Deny (default): invalid annotations reject the pod. Warn: admit it uninjected, with a warning.</summary>
    public InvalidAnnotationAction InvalidAnnotations { get; set; } = InvalidAnnotationAction.Deny;

    /// <summary>48 hours: twice the EKS webhook's default lifetime of 86400 s, so a pod may double it and no more.</summary>
    public const long DefaultMaxPodTokenExpirationSeconds = 172_800;

    /// <summary>
    /// Upper bound of a pod's <c>&lt;prefix&gt;/token-expiration</c> annotation. As with the EKS webhook a pod may
    /// ask for a longer token lifetime than its ServiceAccount gives; a longer ask is lowered to this (as one
    /// below 600 s is raised to 600 s).
    /// </summary>
    public long MaxPodTokenExpirationSeconds { get; set; } = DefaultMaxPodTokenExpirationSeconds;

    /// <summary>Null when valid, else the start-up error naming the key and a valid value.</summary>
    public string? Problem() =>
        MaxPodTokenExpirationSeconds is < Validation.Annotations.MinimumTokenExpirationSeconds or > Validation.Annotations.MaximumTokenExpirationSeconds
            ? $"{Section}:{nameof(MaxPodTokenExpirationSeconds)} {MaxPodTokenExpirationSeconds} is invalid: expected seconds between " +
              $"{Validation.Annotations.MinimumTokenExpirationSeconds} and {Validation.Annotations.MaximumTokenExpirationSeconds}, e.g. {DefaultMaxPodTokenExpirationSeconds}"
            : null;
}

[System.ComponentModel.TypeConverter(typeof(InvalidAnnotationActionConverter))]
public enum InvalidAnnotationAction
{
    Deny,
    Warn,
}
