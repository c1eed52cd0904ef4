using System.ComponentModel;
using System.Globalization;

namespace PodIdentity.Core.Mutation;

/// <summary>Lets configuration binding say which values are valid, instead of only that one is not.</summary>
public sealed class InvalidAnnotationActionConverter : EnumConverter
{
    public InvalidAnnotationActionConverter()
        : base(typeof(InvalidAnnotationAction))
    {
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && Enum.TryParse<InvalidAnnotationAction>(text.Trim(), ignoreCase: true, out var action) && Enum.IsDefined(action)
            ? action
            : throw new FormatException(Expected);

    /// <summary>What a valid value looks like; also used by hosts whose generated binder ignores this converter.</summary>
    public static string Expected { get; } =
        $"Expected \"{nameof(InvalidAnnotationAction.Deny)}\" (reject pods with invalid annotations) or \"{nameof(InvalidAnnotationAction.Warn)}\" (admit them uninjected, with a warning).";
}
