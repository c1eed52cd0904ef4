using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Publishing;

/// <summary>
/// Holds the last good documents for the HTTP endpoints. A failed cycle never replaces them, which
/// is what keeps `serve` answering while the API server is unreachable.
/// </summary>
internal sealed class ServeTarget : IPublishTarget
{
    private volatile PublishedDocuments? _current;

    public string Name => "serve";

    public PublishedDocuments? Current => _current;

    // Memory does not survive a restart; with --s3 the bucket provides the state.
    public Task<PublishedState?> ReadBackAsync(CheckedDocuments current, CancellationToken cancellationToken) =>
        Task.FromResult<PublishedState?>(null);

    public Task<bool> PublishAsync(PublishedDocuments documents, CancellationToken cancellationToken)
    {
        var changed = _current is null || _current.Discovery.ETag != documents.Discovery.ETag || _current.Jwks.ETag != documents.Jwks.ETag;
        _current = documents;
        return Task.FromResult(changed);
    }

    public void Invalidate()
    {
    }
}
