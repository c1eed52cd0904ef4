using FluentValidation;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Validation;

/// <summary>
/// Base for a provider's ServiceAccount annotation rules, run once when the ServiceAccount is prepared (not per
/// review). Every failure reads the same way: who carries the annotation, which annotation, the bad value, and
/// what a valid one looks like. The same validators back the webhook and <c>preview</c>.
/// </summary>
public abstract class AnnotationValidator : AbstractValidator<ServiceAccountAnnotations>
{
    protected void ServiceAccountAnnotation(string key, Func<string, bool> isValid, string expected) =>
        ServiceAccountAnnotation(key, isValid, _ => $"expected {expected}");

    /// <summary>A rule whose explanation depends on the bad value (e.g. "use the project number, not the id").</summary>
    protected void ServiceAccountAnnotation(string key, Func<string, bool> isValid, Func<string, string> explain) =>
        RuleFor(sa => sa.Get(key))
            .Must(value => value is null || isValid(value))
            .OverridePropertyName(key)
            .WithMessage(sa => Invalid(sa.Subject, key, sa.Get(key), explain(sa.Get(key) ?? "")));

    /// <summary>Token lifetime on the ServiceAccount; a pod's own lifetime annotation is checked per review (<c>TokenVolume</c>).</summary>
    protected void TokenExpiration(string key) => ServiceAccountAnnotation(key, Annotations.IsSeconds, Annotations.SecondsExpected);

    /// <summary>A rule across annotations (one needs another); the message is complete as given.</summary>
    protected void ContextRule(string key, Func<ServiceAccountAnnotations, bool> isValid, Func<ServiceAccountAnnotations, string> message) =>
        RuleFor(sa => sa).Must(isValid).OverridePropertyName(key).WithMessage(message);

    /// <summary>Runs the rules; null when valid, else one sentence per problem.</summary>
    public IReadOnlyList<string>? Problems(ServiceAccountAnnotations serviceAccount)
    {
        var result = Validate(serviceAccount);
        return result.IsValid ? null : [.. result.Errors.Select(e => e.ErrorMessage)];
    }

    /// <summary><c>{subject} annotation {key}="{value}" is invalid: {explanation}</c>, the value bounded.</summary>
    public static string Invalid(string subject, string key, string? value, string explanation) =>
        $"{subject} annotation {key}=\"{SafeText.Value(value)}\" is invalid: {explanation}";
}
