namespace PodIdentity.Core.Mutation;

public sealed class MutationOptions
{
    public const string Section = "Mutation";

    /// <summary>Deny (default): invalid annotations reject the pod. Warn: admit it uninjected, with a warning.</summary>
    public InvalidAnnotationAction InvalidAnnotations { get; set; } = InvalidAnnotationAction.Deny;
}

[System.ComponentModel.TypeConverter(typeof(InvalidAnnotationActionConverter))]
public enum InvalidAnnotationAction
{
    Deny,
    Warn,
}
