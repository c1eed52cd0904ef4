namespace PodIdentity.Core.Admission;

/// <summary>The body is JSON but the pod in it cannot be mutated as sent (a null list element): a 400 naming the field.</summary>
public sealed class InvalidPodException(string message) : Exception(message);
