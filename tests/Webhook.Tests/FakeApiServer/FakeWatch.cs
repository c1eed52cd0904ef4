using System.Threading.Channels;

namespace PodIdentity.Webhook.Tests.FakeApiServer;

/// <summary>One open watch connection: the lines waiting to be written, and a way to cut it.</summary>
internal sealed class FakeWatch(bool bookmarks) : IDisposable
{
    private readonly CancellationTokenSource dropped = new();

    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public bool Bookmarks => bookmarks;

    public CancellationToken Dropped => dropped.Token;

    public void Drop()
    {
        try
        {
            dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => dropped.Dispose();
}
