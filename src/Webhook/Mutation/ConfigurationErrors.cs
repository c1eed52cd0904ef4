using Microsoft.Extensions.Options;
using PodIdentity.Core.Mutation;

namespace PodIdentity.Webhook.Mutation;

/// <summary>One line for a configuration error, whether validation or binding found it.</summary>
internal static class ConfigurationErrors
{
    public static string Describe(Exception e) => e switch
    {
        OptionsValidationException validation => string.Join("; ", validation.Failures),

        // The binder says which key and value it could not convert. The generated binder (the
        // webhook is compiled ahead of time) parses enums itself, without their TypeConverter, so
        // what a valid value looks like comes from here.
        InvalidOperationException { InnerException: { } } when EnumHint(e.Message) is { } hint => $"{e.Message} {hint}",
        InvalidOperationException { InnerException: { } inner } => $"{e.Message} {inner.Message}",
        _ => e.Message,
    };

    /// <summary>Every enum an options class binds, with what a valid value looks like.</summary>
    private static readonly (string TypeName, string Expected)[] Enums =
    [
        (typeof(InvalidAnnotationAction).FullName!, InvalidAnnotationActionConverter.Expected),
    ];

    private static string? EnumHint(string message) =>
        Enums.FirstOrDefault(hint => message.Contains($"type '{hint.TypeName}'", StringComparison.Ordinal)).Expected;
}
