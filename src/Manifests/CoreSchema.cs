using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PodIdentity.Manifests;

/// <summary>
/// The YAML 1.2 core schema for plain (unquoted) scalars: which text means null, a boolean or a
/// number. Kubernetes manifests are read with this schema, so "true" and 8080 reach the model as
/// JSON true and 8080, while "yes", "on" and "0123"-style YAML 1.1 octals do not get special meaning.
/// </summary>
internal static partial class CoreSchema
{
    /// <summary>What a plain scalar means under the core schema.</summary>
    public enum Kind
    {
        String,
        Null,
        Boolean,
        Integer,
        Float,

        /// <summary>.inf, -.inf, .nan: floats that JSON cannot hold.</summary>
        NonFiniteFloat,
    }

    public static Kind Classify(string plain)
    {
        if (plain.Length == 0 || NullPattern().IsMatch(plain))
        {
            return Kind.Null;
        }

        if (BooleanPattern().IsMatch(plain))
        {
            return Kind.Boolean;
        }

        if (DecimalPattern().IsMatch(plain) || OctalPattern().IsMatch(plain) || HexPattern().IsMatch(plain))
        {
            return Kind.Integer;
        }

        if (FloatPattern().IsMatch(plain))
        {
            return Kind.Float;
        }

        return InfinityPattern().IsMatch(plain) || NaNPattern().IsMatch(plain) ? Kind.NonFiniteFloat : Kind.String;
    }

    /// <summary>The JSON value of a plain scalar; a float JSON cannot hold (.inf, .nan, 1e999) stays a string.</summary>
    public static JsonNode? ToJson(string plain) => Classify(plain) switch
    {
        Kind.Null => null,
        Kind.Boolean => JsonValue.Create(plain[0] is 't' or 'T'),
        Kind.Integer => Integer(plain),
        Kind.Float => Float(plain),
        _ => JsonValue.Create(plain),
    };

    private static JsonNode Integer(string plain)
    {
        BigInteger value;
        if (plain.StartsWith("0x", StringComparison.Ordinal))
        {
            // A leading 0 keeps the hex digits positive.
            value = BigInteger.Parse("0" + plain[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (plain.StartsWith("0o", StringComparison.Ordinal))
        {
            value = BigInteger.Zero;
            foreach (var digit in plain.AsSpan(2))
            {
                value = (value * 8) + (digit - '0');
            }
        }
        else
        {
            value = BigInteger.Parse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return long.TryParse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small)
            ? JsonValue.Create(small)
            : JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;
    }

    private static JsonNode Float(string plain)
    {
        var text = plain.StartsWith('+') ? plain[1..] : plain;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return JsonValue.Create(plain);
        }

        // Keep the written digits when they are valid JSON (1e3 stays 1e3, 0.10 stays 0.10).
        return JsonNumberPattern().IsMatch(text) ? JsonNode.Parse(text)! : JsonValue.Create(value);
    }

    [GeneratedRegex(@"\A(?:~|null|Null|NULL)\z", RegexOptions.CultureInvariant)]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"\A(?:true|True|TRUE|false|False|FALSE)\z", RegexOptions.CultureInvariant)]
    private static partial Regex BooleanPattern();

    [GeneratedRegex(@"\A[-+]?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"\A0o[0-7]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex OctalPattern();

    [GeneratedRegex(@"\A0x[0-9a-fA-F]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"\A[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"\A[-+]?(?:\.inf|\.Inf|\.INF)\z", RegexOptions.CultureInvariant)]
    private static partial Regex InfinityPattern();

    [GeneratedRegex(@"\A(?:\.nan|\.NaN|\.NAN)\z", RegexOptions.CultureInvariant)]
    private static partial Regex NaNPattern();

    [GeneratedRegex(@"\A-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumberPattern();
}
