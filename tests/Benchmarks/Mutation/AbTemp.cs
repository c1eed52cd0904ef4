using System.Diagnostics;
namespace PodIdentity.Benchmarks;
/// <summary>`dotnet run -c Release -- --ab`: the decoder benchmarks interleaved in one process (60 rounds of 2,000 calls each), min / p25 / median per variant: steadier than sequential runs on a busy machine.</summary>
internal static class AbTemp
{
    public static void Run()
    {
        foreach (var sample in new[] { "3-containers", "api-server-compact" })
        {
            var b = new DecoderBenchmarks { Sample = sample };
            b.Setup();
            var variants = new (string, Func<object?>)[]
            {
                ("decode new", b.DecodeNew), ("decode new no-scan", b.DecodeNewNoScan), ("decode before scan-cursor", b.DecodeBeforeScan), ("decode before reader-cursor", b.DecodeBeforeReader),
                ("review new", () => b.ReviewNew()), ("review new no-scan", () => b.ReviewNewNoScan()), ("review before scan-cursor", () => b.ReviewBeforeScan()), ("review before reader-cursor", () => b.ReviewBeforeReader()),
            };
            var samples = variants.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < 60; round++)
            {
                for (var v = 0; v < variants.Length; v++)
                {
                    var f = variants[v].Item2;
                    var sw = Stopwatch.StartNew();
                    for (var i = 0; i < 2000; i++) f();
                    samples[v].Add(sw.Elapsed.TotalMicroseconds / 2000);
                }
            }
            for (var v = 0; v < variants.Length; v++)
            {
                var s = samples[v].Skip(10).OrderBy(x => x).ToList();
                Console.WriteLine($"{sample,-20} {variants[v].Item1,-30} min {s[0],7:0.00} us  p25 {s[s.Count / 4],7:0.00}  median {s[s.Count / 2],7:0.00}");
            }
        }
    }
}
