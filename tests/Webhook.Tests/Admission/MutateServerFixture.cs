using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Admission;

/// <summary>One server for the response-shape tests; each ServiceAccount name selects a lookup behaviour.</summary>
public sealed class MutateServerFixture : IAsyncLifetime
{
    internal WebhookServer Server { get; private set; } = null!;

    internal HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var lookup = new FakeServiceAccountLookup();
        lookup
            .Add("demo", "s3-reader", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/s3-reader" })
            .Add("demo", "plain")
            .Add("demo", "bad-arn", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:user/bob" })
            .On("demo", "broken", _ => ValueTask.FromResult(ServiceAccountLookupResult.Unavailable("API server unreachable")))
            .On("demo", "throws", _ => throw new InvalidOperationException("lookup exploded"))
            .On("demo", "late", async cancellationToken =>
            {
                // Answers after a moment, as a miss that the direct read resolves: the handler arms its budget timer.
                await Task.Delay(50, cancellationToken);
                return lookup.Found(
                    "demo",
                    "late",
                    new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/late" },
                    ServiceAccountSource.ApiServer);
            })
            .On("demo", "slow", async cancellationToken =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return ServiceAccountLookupResult.NotFound;
            });
        Server = await WebhookServer.StartAsync(lookup);
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
