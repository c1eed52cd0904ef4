using System.Globalization;

namespace PodIdentity.Benchmarks.CacheMemory;

internal static class ProcStatus
{
    /// <summary>VmRSS, VmHWM (peak RSS), RssAnon and RssFile of this process from /proc/self/status, in MB.</summary>
    public static (double RssMb, double PeakMb, double AnonMb, double FileMb) Read()
    {
        double rss = 0, peak = 0, anon = 0, file = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            switch (line.Split(':')[0])
            {
                case "VmRSS": rss = Kilobytes(line) / 1024.0; break;
                case "VmHWM": peak = Kilobytes(line) / 1024.0; break;
                case "RssAnon": anon = Kilobytes(line) / 1024.0; break;
                case "RssFile": file = Kilobytes(line) / 1024.0; break;
            }
        }

        return (rss, peak, anon, file);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
