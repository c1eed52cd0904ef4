using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using PodIdentity.Core.Buffers;
using Serilog.Events;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// Writes a <see cref="LogEvent"/> as Serilog compact JSON (CLEF) straight into UTF-8 bytes: the
/// same bytes, field for field and in the same order, as
/// <see cref="Serilog.Formatting.Compact.CompactJsonFormatter"/> (3.0) written through a UTF-8
/// <see cref="StreamWriter"/>, without the UTF-16 text and its encoding in between. A message
/// template's escaped <c>@mt</c> bytes, its formatted property tokens (<c>@r</c>) and, position by
/// position, its events' property-name bytes and repeated value instances (EventId, SourceContext)
/// are worked out once per template instance (Serilog caches parsed templates), not per event.
/// </summary>
/// <remarks>
/// The common value types (string, integers, double, bool, dates, structures, sequences) are written
/// here; anything rarer falls back to Serilog's own <see cref="JsonValueFormatter"/> or
/// <see cref="MessageTemplateToken.Render"/> and is transcoded, so it cannot come out differently.
/// Not thread-safe (template cache, scratch writer): <see cref="BufferedStdoutSink"/> calls it under its lock.
/// </remarks>
internal sealed class CompactJsonUtf8Formatter : IDisposable
{
    private const int MaxCachedTemplates = 1000;

    // JsonValueFormatter.WriteQuotedJsonString escapes exactly these: control characters, '"' and '\'.
    private static readonly SearchValues<char> EscapedChars = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\");

    private static readonly SearchValues<byte> EscapedBytes = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\"u8);

    private static readonly byte[][] LevelFields =
    [
        .. Enum.GetValues<LogEventLevel>().Select(l => System.Text.Encoding.UTF8.GetBytes($",\"@l\":\"{l}\"")),
    ];

    private static readonly byte[] NewLine = System.Text.Encoding.UTF8.GetBytes(Environment.NewLine);

    private readonly Dictionary<MessageTemplate, TemplateParts> _templates = new(ReferenceEqualityComparer.Instance);
    private readonly JsonValueFormatter _valueFormatter = new(typeTagName: "$type");
    private readonly StringWriter _scratch = new(CultureInfo.InvariantCulture);
    private MessageTemplate? _lastTemplate;
    private TemplateParts? _lastParts;

    /// <summary>Appends one line: the event as a JSON object, then <see cref="Environment.NewLine"/>.</summary>
    public void Format(LogEvent logEvent, ByteBuffer output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var template = Parts(logEvent.MessageTemplate);

        output.Write("{\"@t\":\""u8);
        var span = output.GetSpan(64);
        if (!logEvent.Timestamp.UtcDateTime.TryFormat(span, out var written, "O"))
        {
            throw new InvalidOperationException("timestamp did not fit");
        }

        output.Advance(written);
        output.Write(template.MessageTemplateField);

        var properties = logEvent.Properties;
        if (template.Renderings.Length > 0)
        {
            output.Write(",\"@r\":["u8);
            for (var i = 0; i < template.Renderings.Length; i++)
            {
                if (i > 0)
                {
                    output.Write((byte)',');
                }

                WriteRendering(template.Renderings[i], properties, output);
            }

            output.Write((byte)']');
        }

        var level = logEvent.Level;
        if (level != LogEventLevel.Information)
        {
            if ((uint)level < (uint)LevelFields.Length)
            {
                output.Write(LevelFields[(int)level]);
            }
            else
            {
                output.Write(",\"@l\":\""u8);
                WriteEscaped(level.ToString(), output);
                output.Write((byte)'"');
            }
        }

        if (logEvent.Exception is { } exception)
        {
            output.Write(",\"@x\":"u8);
            WriteQuoted(exception.ToString(), output);
        }

        if (logEvent.TraceId is { } traceId)
        {
            output.Write(",\"@tr\":\""u8);
            WriteEscaped(traceId.ToHexString(), output);
            output.Write((byte)'"');
        }

        if (logEvent.SpanId is { } spanId)
        {
            output.Write(",\"@sp\":\""u8);
            WriteEscaped(spanId.ToHexString(), output);
            output.Write((byte)'"');
        }

        var index = 0;
        if (properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            // The concrete type Serilog uses: enumerated without boxing an enumerator.
            foreach (var (name, value) in dictionary)
            {
                WriteProperty(template, index++, name, value, output);
            }
        }
        else
        {
            foreach (var (name, value) in properties)
            {
                WriteProperty(template, index++, name, value, output);
            }
        }

        output.Write((byte)'}');
        output.Write(NewLine);
    }

    /// <summary>
    /// <c>,"name":value</c>. The events of one template carry the same property names (the same
    /// string instances) in the same order, and some the same value instances (EventId,
    /// SourceContext): their bytes are kept in the template's slot for that position and copied.
    /// </summary>
    private void WriteProperty(TemplateParts template, int index, string name, LogEventPropertyValue value, ByteBuffer output)
    {
        if (template.Slot(index) is not { } slot)
        {
            output.Write(PropertyName(name));
            WriteValue(value, output);
            return;
        }

        if (!ReferenceEquals(slot.Name, name))
        {
            slot.Name = name;
            slot.NameField = PropertyName(name);
            slot.Value = null;
            slot.ValueBytes = null;
        }

        output.Write(slot.NameField);
        if (ReferenceEquals(slot.Value, value))
        {
            if (slot.ValueBytes is { } bytes)
            {
                output.Write(bytes);
                return;
            }

            // The same instance a second time: worth keeping its bytes if they cannot change.
            var start = output.Length;
            WriteValue(value, output);
            if (IsImmutable(value, depth: 0))
            {
                slot.ValueBytes = output.WrittenSpan[start..].ToArray();
            }

            return;
        }

        slot.Value = value;
        slot.ValueBytes = null;
        WriteValue(value, output);
    }

    /// <summary><c>,"name":</c>; CompactJsonFormatter escapes a leading '@' by doubling it.</summary>
    private static byte[] PropertyName(string name)
    {
        var buffer = new ByteBuffer(name.Length * 3 + 8);
        buffer.Write(",\""u8);
        if (name.Length > 0 && name[0] == '@')
        {
            buffer.Write((byte)'@');
        }

        WriteEscaped(name, buffer);
        buffer.Write("\":"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Values whose JSON is fixed once made: strings, numbers, dates and what is built of them (not an object's ToString).</summary>
    private static bool IsImmutable(LogEventPropertyValue value, int depth) => depth < 8 && value switch
    {
        ScalarValue { Value: null or string or int or long or bool or double or float or DateTimeOffset or DateTime } => true,
        StructureValue structure => structure.Properties.All(p => IsImmutable(p.Value, depth + 1)),
        SequenceValue sequence => sequence.Elements.All(e => IsImmutable(e, depth + 1)),
        _ => false,
    };

    private void WriteValue(LogEventPropertyValue value, ByteBuffer output)
    {
        switch (value)
        {
            case ScalarValue scalar:
                WriteScalar(scalar, output);
                break;
            case StructureValue structure:
                output.Write((byte)'{');
                var properties = structure.Properties;
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write((byte)',');
                    }

                    WriteQuoted(properties[i].Name, output);
                    output.Write((byte)':');
                    WriteValue(properties[i].Value, output);
                }

                if (structure.TypeTag is { } typeTag)
                {
                    output.Write(properties.Count > 0 ? ",\"$type\":"u8 : "\"$type\":"u8);
                    WriteQuoted(typeTag, output);
                }

                output.Write((byte)'}');
                break;
            case SequenceValue sequence:
                output.Write((byte)'[');
                var elements = sequence.Elements;
                for (var i = 0; i < elements.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write((byte)',');
                    }

                    WriteValue(elements[i], output);
                }

                output.Write((byte)']');
                break;
            default:
                WriteWithSerilog(value, output);
                break;
        }
    }

    private void WriteScalar(ScalarValue scalar, ByteBuffer output)
    {
        // The types JsonValueFormatter writes, in its way; anything else goes through it.
        switch (scalar.Value)
        {
            case null:
                output.Write("null"u8);
                break;
            case string text:
                WriteQuoted(text, output);
                break;
            case int number:
                WriteFormatted(number, default, output);
                break;
            case long number:
                WriteFormatted(number, default, output);
                break;
            case bool flag:
                output.Write(flag ? "true"u8 : "false"u8);
                break;
            case double number when double.IsFinite(number):
                WriteFormatted(number, "R", output);
                break;
            case float number when float.IsFinite(number):
                WriteFormatted(number, "R", output);
                break;
            case DateTimeOffset time:
                output.Write((byte)'"');
                WriteFormatted(time, "O", output);
                output.Write((byte)'"');
                break;
            case DateTime time:
                output.Write((byte)'"');
                WriteFormatted(time, "O", output);
                output.Write((byte)'"');
                break;
            default:
                WriteWithSerilog(scalar, output);
                break;
        }
    }

    private static void WriteFormatted<T>(T value, ReadOnlySpan<char> format, ByteBuffer output)
        where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(64);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            span = output.GetSpan(1024);
            if (!value.TryFormat(span, out written, format, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("formatted value did not fit");
            }
        }

        output.Advance(written);
    }

    /// <summary>One <c>@r</c> entry: the token rendered as <see cref="MessageTemplateToken.Render"/> does with the invariant culture, as a JSON string.</summary>
    private void WriteRendering(PropertyToken token, IReadOnlyDictionary<string, LogEventPropertyValue> properties, ByteBuffer output)
    {
        output.Write((byte)'"');
        if (!properties.TryGetValue(token.PropertyName, out var value))
        {
            WriteEscaped(token.ToString(), output); // the raw token text, as Render writes it
        }
        else if (token.Alignment is null && value is ScalarValue { Value: { } scalar } && TryRenderScalar(scalar, token.Format, output))
        {
        }
        else
        {
            token.Render(properties, _scratch, CultureInfo.InvariantCulture);
            WriteEscaped(TakeScratch(), output);
        }

        output.Write((byte)'"');
    }

    /// <summary>
    /// <see cref="ScalarValue.Render"/> of a BCL number, date or time is
    /// <c>IFormattable.ToString(format, InvariantCulture)</c>; their UTF-8 formatting gives the same characters.
    /// </summary>
    private static bool TryRenderScalar(object scalar, string? format, ByteBuffer output)
    {
        Span<byte> buffer = stackalloc byte[128];
        int written;
        var formatted = scalar switch
        {
            double number => number.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture),
            int number => number.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture),
            long number => number.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture),
            DateTimeOffset time => time.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture),
            DateTime time => time.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture),
            TimeSpan time => time.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture),
            _ => Fail(out written),
        };
        if (!formatted)
        {
            return false;
        }

        WriteEscaped(buffer[..written], output);
        return true;

        static bool Fail(out int written)
        {
            written = 0;
            return false;
        }
    }

    private void WriteWithSerilog(LogEventPropertyValue value, ByteBuffer output)
    {
        _valueFormatter.Format(value, _scratch);
        Transcode(TakeScratch(), output);
    }

    private string TakeScratch()
    {
        var builder = _scratch.GetStringBuilder();
        var text = builder.ToString();
        builder.Clear();
        if (builder.Capacity > 64 * 1024)
        {
            builder.Capacity = 1024;
        }

        return text;
    }

    public void Dispose() => _scratch.Dispose();

    private TemplateParts Parts(MessageTemplate template)
    {
        if (ReferenceEquals(template, _lastTemplate))
        {
            return _lastParts!;
        }

        if (!_templates.TryGetValue(template, out var parts))
        {
            parts = NewParts(template);
        }

        _lastTemplate = template;
        _lastParts = parts;
        return parts;
    }

    private TemplateParts NewParts(MessageTemplate template)
    {
        if (_templates.Count >= MaxCachedTemplates)
        {
            _templates.Clear();
        }

        var parts = TemplateParts.Create(template);
        _templates.Add(template, parts);
        return parts;
    }

    /// <summary><c>"</c>, the text escaped as JsonValueFormatter.WriteQuotedJsonString escapes it, <c>"</c>.</summary>
    private static void WriteQuoted(string text, ByteBuffer output)
    {
        output.Write((byte)'"');
        WriteEscaped(text, output);
        output.Write((byte)'"');
    }

    private static void WriteEscaped(ReadOnlySpan<char> text, ByteBuffer output)
    {
        while (true)
        {
            var next = text.IndexOfAny(EscapedChars);
            if (next < 0)
            {
                Transcode(text, output);
                return;
            }

            Transcode(text[..next], output);
            WriteEscape(text[next], output);
            text = text[(next + 1)..];
        }
    }

    private static void WriteEscaped(ReadOnlySpan<byte> utf8, ByteBuffer output)
    {
        while (true)
        {
            var next = utf8.IndexOfAny(EscapedBytes);
            if (next < 0)
            {
                output.Write(utf8);
                return;
            }

            output.Write(utf8[..next]);
            WriteEscape((char)utf8[next], output);
            utf8 = utf8[(next + 1)..];
        }
    }

    /// <summary>
    /// UTF-16 to UTF-8 as the sink's <c>UTF8Encoding(false)</c> writer did it: a lone surrogate
    /// becomes U+FFFD. No segment ends inside a surrogate pair (it ends before an escaped ASCII
    /// character or at the end of a string, where the writer also saw an unpaired surrogate).
    /// </summary>
    private static void Transcode(ReadOnlySpan<char> text, ByteBuffer output)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(checked(text.Length * 3));
        Utf8.FromUtf16(text, span, out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        output.Advance(written);
    }

    private static void WriteEscape(char c, ByteBuffer output)
    {
        switch (c)
        {
            case '"':
                output.Write("\\\""u8);
                break;
            case '\\':
                output.Write("\\\\"u8);
                break;
            case '\n':
                output.Write("\\n"u8);
                break;
            case '\r':
                output.Write("\\r"u8);
                break;
            case '\f':
                output.Write("\\f"u8);
                break;
            case '\t':
                output.Write("\\t"u8);
                break;
            default:
                // ((int)c).ToString("X4"): four upper-case hex digits.
                var span = output.GetSpan(6);
                "\\u00"u8.CopyTo(span);
                span[4] = HexDigit(c >> 4);
                span[5] = HexDigit(c & 0xF);
                output.Advance(6);
                break;
        }

        static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
    }

    private sealed class PropertySlot
    {
        public string? Name { get; set; }

        /// <summary><c>,"Name":</c></summary>
        public byte[] NameField { get; set; } = [];

        public LogEventPropertyValue? Value { get; set; }

        public byte[]? ValueBytes { get; set; }
    }

    /// <summary>What a message template contributes to every line: its <c>@mt</c> field and its tokens with a format.</summary>
    private sealed class TemplateParts(byte[] messageTemplateField, PropertyToken[] renderings)
    {
        /// <summary><c>","@mt":"…"</c>, closing the timestamp.</summary>
        public byte[] MessageTemplateField { get; } = messageTemplateField;

        /// <summary>The property tokens with a format (<c>{NotAfter:o}</c>), in template order: one <c>@r</c> entry each.</summary>
        public PropertyToken[] Renderings { get; } = renderings;

        private const int MaxSlots = 32;

        private PropertySlot[] _slots = [];

        /// <summary>What the last events of this template had at property position <paramref name="index"/>.</summary>
        public PropertySlot? Slot(int index)
        {
            if (index < _slots.Length)
            {
                return _slots[index];
            }

            if (index >= MaxSlots)
            {
                return null;
            }

            var grown = new PropertySlot[Math.Min(MaxSlots, Math.Max(index + 1, _slots.Length * 2))];
            _slots.CopyTo(grown, 0);
            for (var i = _slots.Length; i < grown.Length; i++)
            {
                grown[i] = new PropertySlot();
            }

            _slots = grown;
            return _slots[index];
        }

        public static TemplateParts Create(MessageTemplate template)
        {
            var buffer = new ByteBuffer(template.Text.Length + 16);
            buffer.Write("\",\"@mt\":"u8);
            WriteQuoted(template.Text, buffer);
            return new TemplateParts(
                buffer.WrittenSpan.ToArray(),
                [.. template.Tokens.OfType<PropertyToken>().Where(t => t.Format != null)]);
        }
    }
}
