namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>One page of a paged list: its items, the list's resourceVersion and the continue token (empty on the last page).</summary>
public sealed record ListPage<TResource>(IList<TResource> Items, string? ResourceVersion, string? Continue);
