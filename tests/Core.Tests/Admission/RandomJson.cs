using System.Text;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// Well-formed JSON values of every shape, from a seeded <see cref="Random"/>: nested objects and
/// arrays (empty ones too), strings with every kind of escape and raw UTF-8, numbers in every
/// grammatical form, literals, and optional whitespace between tokens.
/// </summary>
internal sealed class RandomJson(int seed)
{
    private static readonly string[] Escapes = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\uD83D\\uDE00", "\\u001f", "\\uABCD"];
    private static readonly string[] Plain = ["a", "Z", "k:{", "}", "]", ",", ":", " ", "/", "é", "ключ", "😀", "\u007f", "0", "-", "true"];
    private static readonly string[] Numbers = ["0", "-0", "7", "-12", "1234567890123456789012345", "0.5", "-0.25", "3.0e10", "1E-7", "2e+3", "-9.75E+300", "0e0"];
    /// <summary>Single bytes, short runs, and a line break with indentation longer than one vector.</summary>
    private static readonly string[] WhiteSpace = [" ", "\n", "\r\n", "\t", "  ", " \n\t ", "\n" + new string(' ', 24), "\r\n" + new string('\t', 17) + " "];

    private readonly Random _random = new(seed);

    /// <summary>A value nested at most <paramref name="maxDepth"/> containers deep.</summary>
    public string Value(int maxDepth)
    {
        var text = new StringBuilder();
        AppendValue(text, maxDepth);
        return text.ToString();
    }

    /// <summary>An object (<paramref name="maxDepth"/> ≥ 1) with at most <paramref name="maxDepth"/> levels.</summary>
    public string Object(int maxDepth)
    {
        var text = new StringBuilder();
        AppendObject(text, maxDepth);
        return text.ToString();
    }

    private void AppendValue(StringBuilder text, int maxDepth)
    {
        var choice = _random.Next(maxDepth > 0 ? 9 : 6);
        switch (choice)
        {
            case 0 or 1:
                AppendString(text);
                break;
            case 2:
                text.Append(Numbers[_random.Next(Numbers.Length)]);
                break;
            case 3:
                text.Append(_random.Next(2) == 0 ? "true" : "false");
                break;
            case 4:
                text.Append("null");
                break;
            case 5:
                text.Append(_random.Next(1000));
                break;
            case 6 or 7:
                AppendObject(text, maxDepth);
                break;
            default:
                AppendArray(text, maxDepth);
                break;
        }
    }

    private void AppendObject(StringBuilder text, int maxDepth)
    {
        text.Append('{');
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            Space(text);
            AppendString(text);
            Space(text);
            text.Append(':');
            Space(text);
            AppendValue(text, maxDepth - 1);
            Space(text);
        }

        text.Append('}');
    }

    private void AppendArray(StringBuilder text, int maxDepth)
    {
        text.Append('[');
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            Space(text);
            AppendValue(text, maxDepth - 1);
            Space(text);
        }

        text.Append(']');
    }

    private void AppendString(StringBuilder text)
    {
        text.Append('"');
        var parts = _random.Next(6);
        for (var i = 0; i < parts; i++)
        {
            text.Append(_random.Next(3) == 0 ? Escapes[_random.Next(Escapes.Length)] : Plain[_random.Next(Plain.Length)]);
        }

        if (_random.Next(8) == 0)
        {
            // Long runs, so the vectorized search has whole vectors to do.
            text.Append('x', _random.Next(16, 80));
        }

        text.Append('"');
    }

    private void Space(StringBuilder text)
    {
        if (_random.Next(4) == 0)
        {
            text.Append(WhiteSpace[_random.Next(WhiteSpace.Length)]);
        }
    }
}
