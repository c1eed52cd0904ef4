using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Mutation;

/// <summary>One line for a configuration error, whether validation or binding found it.</summary>
internal static class ConfigurationErrors
{
    public static string Describe(Exception e) => e switch
    {
        OptionsValidationException validation => string.Join("; ", validation.Failures),

        // The binder says which key and value it could not convert; the converter says what is valid.
        InvalidOperationException { InnerException: { } inner } => $"{e.Message} {inner.Message}",
        _ => e.Message,
    };
}
