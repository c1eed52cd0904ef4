using FluentValidation;
using PodIdentity.Core.Mutation;

namespace PodIdentity.Core.Validation;

/// <summary>
/// Base for a provider's annotation rules. Every failure reads the same way:
/// who carries the annotation, which annotation, the bad value, and what a valid one looks like.
/// The same validators back the webhook and <c>preview</c>.
/// </summary>
public abstract class AnnotationValidator : AbstractValidator<InjectionContext>
{
    private readonly List<(bool OnPod, string Key, Func<string, bool> IsValid)> checks = [];

    protected void ServiceAccountAnnotation(string key, Func<string, bool> isValid, string expected)
    {
        checks.Add((false, key, isValid));
        RuleFor(context => Annotations.Get(context.ServiceAccountAnnotations, key))
            .Must(value => value is null || isValid(value))
            .OverridePropertyName(key)
            .WithMessage(context => Invalid(context.ServiceAccountSubject, key, Annotations.Get(context.ServiceAccountAnnotations, key), expected));
    }

    protected void PodAnnotation(string key, Func<string, bool> isValid, string expected)
    {
        checks.Add((true, key, isValid));
        RuleFor(context => Annotations.Get(context.PodAnnotations, key))
            .Must(value => value is null || isValid(value))
            .OverridePropertyName(key)
            .WithMessage(context => Invalid(context.PodSubject, key, Annotations.Get(context.PodAnnotations, key), expected));
    }

    /// <summary>Token lifetime, on the ServiceAccount and as a pod override.</summary>
    protected void TokenExpiration(string key)
    {
        ServiceAccountAnnotation(key, Annotations.IsSeconds, Annotations.SecondsExpected);
        PodAnnotation(key, Annotations.IsSeconds, Annotations.SecondsExpected);
    }

    /// <summary>Runs the rules; null when valid, else one sentence per problem.</summary>
    public IReadOnlyList<string>? Problems(InjectionContext context)
    {
        // Nearly every pod is valid: check the same predicates without building a validation
        // context, and let FluentValidation word the messages only when something is wrong.
        if (AllValid(context))
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

    private bool AllValid(InjectionContext context)
    {
        foreach (var (onPod, key, isValid) in checks)
        {
            var annotations = onPod ? context.PodAnnotations : context.ServiceAccountAnnotations;
            if (annotations.TryGetValue(key, out var value) && !isValid(value))
            {
                return false;
            }
        }

        return true;
    }

    public static string Invalid(string subject, string key, string? value, string expected) =>
        $"{subject} annotation {key}=\"{value}\" is invalid: expected {expected}";
}
