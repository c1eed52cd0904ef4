namespace PodIdentity.Core.Mutation;

/// <summary>What a provider decided for one pod: nothing to do, a plan, or annotation problems.</summary>
public sealed record ProviderResult
{
    public static readonly ProviderResult NotRequested = new();

    public InjectionPlan? Plan { get; private init; }

    /// <summary>Complete, user-facing sentences: subject, annotation, bad value and a valid example.</summary>
    public IReadOnlyList<string> Problems { get; private init; } = [];

    public static ProviderResult Inject(InjectionPlan plan) => new() { Plan = plan };

    public static ProviderResult Invalid(IReadOnlyList<string> problems) => new() { Problems = problems };
}
