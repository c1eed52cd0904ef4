using FluentValidation;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Validation;

/// <summary>
/// Base for a provider's annotation rules. Every failure reads the same way:
/// who carries the annotation, which annotation, the bad value, and what a valid one looks like.
/// The same validators back the webhook and <c>preview</c>.
/// </summary>
public abstract class AnnotationValidator : AbstractValidator<InjectionContext>
{
    // Every rule registered through the helpers below, as a plain predicate for the fast path.
    private readonly List<Func<InjectionContext, bool>> checks = [];
    private bool? everyRuleChecked;

    protected void ServiceAccountAnnotation(string key, Func<string, bool> isValid, string expected) =>
        ServiceAccountAnnotation(key, isValid, _ => $"expected {expected}");

    /// <summary>A rule whose explanation depends on the bad value (e.g. "use the project number, not the id").</summary>
    protected void ServiceAccountAnnotation(string key, Func<string, bool> isValid, Func<string, string> explain) =>
        AnnotationRule(key, isValid, explain, context => context.ServiceAccountAnnotations, context => context.ServiceAccountSubject);

    protected void PodAnnotation(string key, Func<string, bool> isValid, string expected) =>
        AnnotationRule(key, isValid, _ => $"expected {expected}", context => context.PodAnnotations, context => context.PodSubject);

    /// <summary>Token lifetime, on the ServiceAccount and as a pod override.</summary>
    protected void TokenExpiration(string key)
    {
        ServiceAccountAnnotation(key, Annotations.IsSeconds, Annotations.SecondsExpected);
        PodAnnotation(key, Annotations.IsSeconds, Annotations.SecondsExpected);
    }

    /// <summary>A rule across annotations (one needs another); the message is complete as given.</summary>
    protected void ContextRule(string key, Func<InjectionContext, bool> isValid, Func<InjectionContext, string> message)
    {
        checks.Add(isValid);
        RuleFor(context => context).Must(isValid).OverridePropertyName(key).WithMessage(message);
    }

    /// <summary>Runs the rules; null when valid, else one sentence per problem.</summary>
    public IReadOnlyList<string>? Problems(InjectionContext context)
    {
        // Nearly every pod is valid: check the same predicates without building a validation
        // context, and let FluentValidation word the messages only when something is wrong.
        // Only safe when no rule bypassed the helpers, hence the count.
        everyRuleChecked ??= this.Count() == checks.Count;
        if (everyRuleChecked.Value && AllChecksPass(context))
        {
            return null;
        }

        var result = Validate(context);
        if (result.IsValid)
        {
            return null;
        }

        var problems = new string[result.Errors.Count];
        for (var i = 0; i < problems.Length; i++)
        {
            problems[i] = result.Errors[i].ErrorMessage;
        }

        return problems;
    }

    // A loop, not TrueForAll with a lambda: that lambda captures the context, a closure and a delegate per review.
    private bool AllChecksPass(InjectionContext context)
    {
        foreach (var check in checks)
        {
            if (!check(context))
            {
                return false;
            }
        }

        return true;
    }

    public static string Invalid(string subject, string key, string? value, string expected) =>
        $"{subject} annotation {key}=\"{SafeText.Value(value)}\" is invalid: expected {expected}";

    private void AnnotationRule(
        string key,
        Func<string, bool> isValid,
        Func<string, string> explain,
        Func<InjectionContext, IDictionary<string, string>> annotations,
        Func<InjectionContext, string> subject)
    {
        var verdicts = new LastVerdict(isValid);
        checks.Add(context => !annotations(context).TryGetValue(key, out var value) || verdicts.IsValid(value));
        RuleFor(context => Annotations.Get(annotations(context), key))
            .Must(value => value is null || isValid(value))
            .OverridePropertyName(key)
            .WithMessage(context =>
            {
                var value = Annotations.Get(annotations(context), key) ?? "";
                return $"{subject(context)} annotation {key}=\"{SafeText.Value(value)}\" is invalid: {explain(value)}";
            });
    }

    /// <summary>
    /// A rule's verdict on the last value it saw. Review after review of one ServiceAccount hands a
    /// rule the same string instance from the cache, and its check (often a regular expression) is a
    /// pure function of that string. Keyed by reference: an equal but distinct string is checked again.
    /// </summary>
    private sealed class LastVerdict(Func<string, bool> isValid)
    {
        private Verdict? last;

        public bool IsValid(string value)
        {
            // One immutable object swapped whole: concurrent reviews see a verdict and its value together.
            var seen = Volatile.Read(ref last);
            if (seen is not null && ReferenceEquals(seen.Value, value))
            {
                return seen.Valid;
            }

            var valid = isValid(value);
            Volatile.Write(ref last, new Verdict(value, valid));
            return valid;
        }

        private sealed record Verdict(string Value, bool Valid);
    }
}
