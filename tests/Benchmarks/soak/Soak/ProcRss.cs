using System.Globalization;

namespace PodIdentity.Benchmarks.Soak;

internal static class ProcRss
{
    /// <summary>A process's resident set (VmRSS) in MB, as the kubelet's memory limit sees it.</summary>
    public static double Megabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }
}
