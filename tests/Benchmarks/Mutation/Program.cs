using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.NativeAot;

// --aot: run under Native AOT, as the webhook ships, with the SDK's own ILCompiler (what `dotnet publish`
// uses). BenchmarkDotNet's --runtimes nativeaot10.0 restores ILCompiler from the dnceng nightly feed instead.
var aot = args.Contains("--aot");
var config = aot
    ? DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(NativeAotToolchain.CreateBuilder()
        .UseNuGet("", "https://api.nuget.org/v3/index.json")
        .TargetFrameworkMoniker("net10.0")
        .ToToolchain()).WithId("NativeAOT"))
        // Compiling the webhook and BenchmarkDotNet to native code takes longer than the default 5 minutes on 2 cores.
        .WithBuildTimeout(TimeSpan.FromMinutes(20))
    : null;
BenchmarkSwitcher.FromAssembly(typeof(PodIdentity.Benchmarks.ReviewBenchmarks).Assembly).Run(args.Where(a => a != "--aot").ToArray(), config);
