namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// One page of a paged list: its items, the list's resourceVersion, the continue token (empty on the last page) and,
/// when the server says, how many items the following pages hold.
/// </summary>
public sealed record ListPage<TResource>(IList<TResource> Items, string? ResourceVersion, string? Continue, long? RemainingItemCount = null);
