namespace PodIdentity.Core.Mutation;

/// <summary>
/// Two providers setting one variable to different values in one container would leave a silent
/// winner; the merge step refuses the pod instead, naming both annotations. A variable the user set
/// is no conflict (the user wins), nor is one both providers set to the same value.
/// </summary>
internal static class EnvConflict
{
    public static string Message(PodContext context, InjectionPlan first, InjectionPlan second, string name, string? firstValue, string? secondValue) =>
        $"{context.ServiceAccountSubject}: annotations {first.TriggerAnnotation} ({first.Provider}) and " +
        $"{second.TriggerAnnotation} ({second.Provider}) would both set {name} " +
        $"(\"{firstValue}\" and \"{secondValue}\"); remove one of the annotations, or change the configuration " +
        $"so only one of them sets {name}";
}
