namespace PodIdentity.Manifests;

/// <summary>
/// A manifest that cannot be read: YAML that does not parse, or a document that does not fit its
/// Kubernetes model. The message starts with the line and column so that a caller can put the file
/// name in front and a user can go straight to the spot.
/// </summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 1-based.</summary>
    public ManifestException(string message, int line, int column, Exception? innerException = null)
        : base($"line {line}, column {column}: {message}", innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the offending text.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending text.</summary>
    public int Column { get; }
}
