namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// A full list being loaded page by page. Nothing is visible to readers until <see cref="Commit"/>,
/// which replaces the whole store at once: objects deleted while the watch was away disappear.
/// </summary>
public interface IInformerSnapshot<in TResource>
{
    void Add(TResource resource);

    void Commit(string resourceVersion);
}
