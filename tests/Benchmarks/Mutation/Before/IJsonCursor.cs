using System.Text.Json;

namespace PodIdentity.Benchmarks.Before;

/// <summary>
/// The steps <see cref="AdmissionReviewReader{TCursor}"/> takes through a body, each named by where it
/// is taken, so that a cursor knows what may come next without keeping a grammar state of its own.
/// Two cursors: <see cref="JsonScanCursor"/> (fast) and <see cref="Utf8JsonReaderCursor"/> (exact errors).
/// Any step throws <see cref="JsonException"/> for JSON the reader would reject.
/// </summary>
internal interface IJsonCursor
{
    /// <summary>The token the last step ended on.</summary>
    JsonTokenType TokenType { get; }

    /// <summary>Where in the body the current token starts (an opening quote, a bracket, a digit…).</summary>
    int TokenStart { get; }

    /// <summary>A string or property name token's bytes between the quotes, still escaped.</summary>
    ReadOnlySpan<byte> ValueSpan { get; }

    /// <summary>True when <see cref="ValueSpan"/> holds a backslash escape.</summary>
    bool ValueIsEscaped { get; }

    /// <summary>The current string or property name, unescaped; <see cref="InvalidOperationException"/> for invalid UTF-8 or escapes.</summary>
    string GetString();

    /// <summary>The current property name, unescaped; a copy only when it was escaped.</summary>
    ReadOnlySpan<byte> PropertyName();

    /// <summary>At the start of the body or after a property name: steps onto the value (past a string or scalar, into a container).</summary>
    JsonTokenType NextValue();

    /// <summary>In an object, after its opening brace or a value: onto the next property name (true), or past the closing brace (false).</summary>
    bool NextProperty();

    /// <summary>In an array, after its opening bracket or an element: onto the next element as <see cref="NextValue"/>, or past the closing bracket (<see cref="JsonTokenType.EndArray"/>).</summary>
    JsonTokenType NextElement();

    /// <summary>After a property name: past its whole value, unread but checked.</summary>
    void SkipValue();

    /// <summary>After the root value: true when only whitespace follows.</summary>
    bool AtEndOfBody();
}
