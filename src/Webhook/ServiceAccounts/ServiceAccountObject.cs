using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// What the cache reads of a ServiceAccount in a list page or a watch event (<see cref="ServiceAccountJson"/>):
/// where it is, its resourceVersion, and only the annotations an enabled provider reads. A bookmark has no
/// namespace and name, only the resourceVersion.
/// </summary>
internal sealed record ServiceAccountObject(
    string Namespace,
    string Name,
    string? ResourceVersion,
    KeyValuePair<string, string>[]? Annotations) : IWatchedObject;
