using System.Net;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Review_in_flight_completes_with_200_while_the_host_stops()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookup = new FakeServiceAccountLookup().On("demo", "held", async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            return ServiceAccountLookupResult.NotFound;
        });
        var server = await WebhookServer.StartAsync(lookup);
        try
        {
            using var client = server.CreateClient();
            var inFlight = client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-inflight", "demo", "held")));
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var lifetime = server.App.Services.GetRequiredService<IHostApplicationLifetime>();
            using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
            var stop = server.App.StopAsync(CancellationToken.None);
            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Stopping has begun (Kestrel no longer accepts connections); the review is still running.
            Assert.False(inFlight.IsCompleted);
            release.SetResult();
            using var message = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
            var response = await Reviews.ReadResponseAsync(message);
            Assert.Equal(HttpStatusCode.OK, message.StatusCode);
            Assert.Equal("uid-inflight", (string?)response["uid"]);
            await stop.WaitAsync(TimeSpan.FromSeconds(30));

            // Stopped: no new connection is accepted.
            using var late = server.CreateClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => late.GetAsync("/healthz"));
        }
        finally
        {
            release.TrySetResult();
            await server.DisposeAsync();
        }
    }
}
