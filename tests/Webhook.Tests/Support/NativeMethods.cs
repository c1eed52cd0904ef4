using System.Runtime.InteropServices;

namespace PodIdentity.Webhook.Tests.Support;

internal static partial class NativeMethods
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rename(string oldpath, string newpath);
}
