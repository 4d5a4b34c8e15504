namespace LlmCompiler.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>
/// Reads the spans out of an OTLP <c>ExportTraceServiceRequest</c> (protobuf wire format, the fields of
/// opentelemetry-proto's trace.proto and common.proto that the tests need; others are skipped by wire type).
/// </summary>
internal static class OtlpTraceReader
{
    public static IEnumerable<OtlpSpan> Read(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            string? service = null;
            foreach (var resource in Fields(resourceSpans).Where(f => f.Number == 1))
            {
                service = Attributes(resource.Bytes).GetValueOrDefault("service.name") as string;
            }

            foreach (var scopeSpans in Fields(resourceSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
            {
                var scope = Fields(scopeSpans).Where(f => f.Number == 1).Select(f => String(Fields(f.Bytes), 1)).FirstOrDefault() ?? string.Empty;
                foreach (var span in Fields(scopeSpans).Where(f => f.Number == 2).Select(f => Fields(f.Bytes).ToList()))
                {
                    spans.Add(new OtlpSpan(
                        Hex(span, 1), Hex(span, 2), Hex(span, 4), String(span, 5) ?? string.Empty, scope, service,
                        Attributes(span, 9)));
                }
            }
        }

        return spans;
    }

    /// <summary>KeyValue entries (field <paramref name="number"/>) with string or integer values.</summary>
    private static Dictionary<string, object> Attributes(IEnumerable<Field> fields, int number = 1)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var keyValue in fields.Where(f => f.Number == number).Select(f => Fields(f.Bytes).ToList()))
        {
            var key = String(keyValue, 1);
            var value = keyValue.Where(f => f.Number == 2).Select(f => Fields(f.Bytes).FirstOrDefault()).FirstOrDefault();
            object? read = value?.Number switch
            {
                1 => System.Text.Encoding.UTF8.GetString(value.Bytes),
                3 => (long)value.Varint,
                _ => null,
            };
            if (key is not null && read is not null)
            {
                attributes[key] = read;
            }
        }

        return attributes;
    }

    private static Dictionary<string, object> Attributes(byte[] message) => Attributes(Fields(message));

    private static string? String(IEnumerable<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault();

    private static string Hex(IEnumerable<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => Convert.ToHexString(f.Bytes)).FirstOrDefault() ?? string.Empty;

    /// <summary>The top-level fields of a message.</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), []);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at byte {position} is not protobuf this reader knows");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private sealed record Field(int Number, ulong Varint, byte[] Bytes);
}
