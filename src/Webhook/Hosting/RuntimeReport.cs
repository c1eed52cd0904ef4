using System.Runtime;
using System.Runtime.InteropServices;

namespace PodIdentity.Webhook.Hosting;

/// <summary>
/// One start-up line saying how the process runs: Native AOT or JIT, which GC, how many CPUs the
/// runtime sees. Memory and throughput depend on all three (a mis-set build property once shipped
/// Server GC unnoticed), so operators and the native-binary test can read them.
/// </summary>
internal sealed partial class RuntimeReport(ILogger<RuntimeReport> logger) : IHostedService
{
    // Not RuntimeFeature.IsDynamicCodeSupported: PublishAot in the project switches that off for JIT
    // runs too (to surface AOT problems early). A JIT has compiled methods by the time the host starts;
    // a native binary has none.
    public static string CompilationMode => JitInfo.GetCompiledMethodCount() > 0 ? "JIT" : "Native AOT";

    public static string GcMode => GCSettings.IsServerGC ? "Server" : "Workstation";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Started(logger, RuntimeInformation.FrameworkDescription, CompilationMode, GcMode, Environment.ProcessorCount);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Runtime: {Framework}, {CompilationMode}, {GcMode} GC, {Processors} processor(s)")]
    private static partial void Started(ILogger logger, string framework, string compilationMode, string gcMode, int processors);
}
