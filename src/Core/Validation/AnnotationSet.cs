namespace PodIdentity.Core.Validation;

/// <summary>
/// A provider's annotations only work together with its trigger annotation. A ServiceAccount that has some
/// of them but not the trigger was meant to get credentials and will not: that is treated like an invalid
/// value (denied, or a warning with <c>Mutation:InvalidAnnotations=Warn</c>) rather than passed over in silence.
/// </summary>
public static class AnnotationSet
{
    /// <summary>
    /// For a ServiceAccount without <paramref name="trigger"/>: null (not requested), or the problem when it carries
    /// any of <paramref name="companions"/>. <paramref name="triggerExample"/> is a valid value of the trigger.
    /// </summary>
    public static string? WithoutTrigger(ServiceAccountAnnotations serviceAccount, string trigger, string triggerExample, params ReadOnlySpan<string> companions)
    {
        List<string>? present = null;
        foreach (var companion in companions)
        {
            if (serviceAccount.Has(companion))
            {
                (present ??= []).Add(companion);
            }
        }

        return present is null ? null : Incomplete(serviceAccount.Subject, trigger, triggerExample, present);
    }

    public static string Incomplete(string subject, string trigger, string triggerExample, IReadOnlyList<string> present)
    {
        var these = string.Join(", ", present);
        return $"{subject} has annotation{(present.Count > 1 ? "s" : "")} {these} but not {trigger}, which {(present.Count > 1 ? "they need" : "it needs")}: " +
            $"add {trigger} (e.g. \"{triggerExample}\"), or remove {these}";
    }
}
