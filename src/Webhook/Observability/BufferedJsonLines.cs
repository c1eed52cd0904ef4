using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// The async sink's one consumer in JSON format: formats each event into a buffer over stdout and writes the buffer
/// out when the queue behind it is empty. Under load that is one write(2) per burst instead of the console sink's
/// one per line, which at full load took a sixth of the webhook's CPU on a 2-core VM (docs/perf.md); a quiet webhook
/// still writes each line as it comes. Only the async sink's worker thread calls it, so it takes no lock.
/// </summary>
internal sealed class BufferedJsonLines(ITextFormatter formatter, Stream output, LogQueue queue) : ILogEventSink, IDisposable
{
    private readonly StreamWriter writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);

    public void Emit(LogEvent logEvent)
    {
        formatter.Format(logEvent, writer);
        if (queue.Queued == 0)
        {
            writer.Flush();
        }
    }

    public void Dispose() => writer.Dispose();
}
