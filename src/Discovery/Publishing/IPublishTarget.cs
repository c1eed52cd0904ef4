using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Publishing;

/// <summary>Somewhere the documents go: memory for `serve`, a bucket, a file for gcloud.</summary>
internal interface IPublishTarget
{
    string Name { get; }

    /// <summary>
    /// What this target published before a restart, or null if it holds nothing it can give back.
    /// Throws when the target cannot be read: publishing blind would drop retained keys.
    /// </summary>
    Task<PublishedState?> ReadBackAsync(CheckedDocuments current, CancellationToken cancellationToken);

    /// <summary>Publishes; returns false when the content was unchanged and nothing was written.</summary>
    Task<bool> PublishAsync(PublishedDocuments documents, CancellationToken cancellationToken);

    /// <summary>The public copy disagreed with what we published: write again next cycle.</summary>
    void Invalidate();
}
