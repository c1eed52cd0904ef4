using BenchmarkDotNet.Running;
BenchmarkSwitcher.FromAssembly(typeof(PodIdentity.Benchmarks.ReviewBenchmarks).Assembly).Run(args);
