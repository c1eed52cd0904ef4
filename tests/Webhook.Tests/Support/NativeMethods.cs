using System.Runtime.InteropServices;

namespace PodIdentity.Webhook.Tests.Support;

internal static partial class NativeMethods
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rename(string oldpath, string newpath);

    /// <summary>kill(2): SIGTERM, as the kubelet sends it, where Process.Kill would send SIGKILL.</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    internal const int SIGTERM = 15;
}
