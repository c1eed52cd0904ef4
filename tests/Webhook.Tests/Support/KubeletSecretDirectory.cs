using System.Globalization;

namespace PodIdentity.Webhook.Tests.Support;

/// <summary>
/// A Secret volume laid out as the kubelet does (AtomicWriter): the files live in a timestamped
/// <c>..2024_01_01_00_00_00.000000001</c> folder, <c>..data</c> links to it, and <c>tls.crt</c> /
/// <c>tls.key</c> link to <c>..data/tls.crt</c> / <c>..data/tls.key</c>. An update writes a new
/// folder, links <c>..data_tmp</c> to it and renames that over <c>..data</c> in one step.
/// </summary>
internal sealed class KubeletSecretDirectory : IDisposable
{
    private int _generation;

    public KubeletSecretDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"webhook-certs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Write(ServingPair pair) => Write(pair.CertificatePem, pair.KeyPem);

    public void Write(string certificatePem, string keyPem)
    {
        var generation = ++_generation;
        var folder = $"..2024_01_01_00_00_00.{generation.ToString("D9", CultureInfo.InvariantCulture)}";
        var full = System.IO.Path.Combine(Path, folder);
        Directory.CreateDirectory(full);
        File.WriteAllText(System.IO.Path.Combine(full, "tls.crt"), certificatePem);
        File.WriteAllText(System.IO.Path.Combine(full, "tls.key"), keyPem);

        var data = System.IO.Path.Combine(Path, "..data");
        var previous = Directory.Exists(data) ? new DirectoryInfo(data).LinkTarget : null;
        var temporary = System.IO.Path.Combine(Path, "..data_tmp");
        File.CreateSymbolicLink(temporary, folder);
        Rename(temporary, data);

        foreach (var file in new[] { "tls.crt", "tls.key" })
        {
            var link = System.IO.Path.Combine(Path, file);
            if (!File.Exists(link) && new FileInfo(link).LinkTarget is null)
            {
                File.CreateSymbolicLink(link, System.IO.Path.Combine("..data", file));
            }
        }

        if (previous is not null)
        {
            Directory.Delete(System.IO.Path.Combine(Path, previous), recursive: true);
        }
    }

    /// <summary>rename(2): atomically replaces the <c>..data</c> link, as the kubelet's os.Rename does.</summary>
    private static void Rename(string from, string to)
    {
        if (NativeMethods.rename(from, to) != 0)
        {
            throw new IOException($"rename {from} -> {to} failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
