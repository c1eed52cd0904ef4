using PodIdentity.Webhook.Hosting;

namespace PodIdentity.Webhook.Tests.Hosting;

public sealed class RuntimeReportTests
{
    [Fact]
    public void A_JIT_run_says_JIT_although_the_project_publishes_Native_AOT()
    {
        // The tests load the JIT build; NativeBinaryTests checks the native binary says "Native AOT".
        Assert.Equal("JIT", RuntimeReport.CompilationMode);
    }
}
