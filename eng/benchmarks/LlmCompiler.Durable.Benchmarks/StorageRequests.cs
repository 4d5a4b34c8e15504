using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// Counts this process's HTTP requests to the storage emulator by kind (queue, table, blob; ids folded), from the
/// runtime's own <c>System.Net.Http</c> events: what a run costs the store, which is what the durable engine spends on.
/// </summary>
internal sealed partial class StorageRequests : EventListener
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Net.Http")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // RequestStart's payload: scheme, host, port, path and query, ...
        if (eventData.EventName == "RequestStart" && eventData.Payload is { Count: >= 4 } payload && payload[3] is string path)
        {
            _counts.AddOrUpdate(Kind(path), 1, (_, n) => n + 1);
        }
    }

    /// <summary>Prints the counts since the last call, most frequent first, and starts again.</summary>
    public void Print(string label)
    {
        var counts = Take();
        Console.WriteLine(FormattableString.Invariant($"  storage requests, {label}: {counts.Sum(c => c.Value)}"));
        foreach (var (kind, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {count,6} {kind}"));
        }
    }

    /// <summary>The counts since the last call, by kind, and starts again.</summary>
    public KeyValuePair<string, int>[] Take()
    {
        var counts = _counts.ToArray();
        _counts.Clear();
        return counts;
    }

    /// <summary>The request's resource without the account, the query, task hub names, instance ids and message ids.</summary>
    private static string Kind(string path)
    {
        var resource = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        var kind = string.Join('/', resource);
        kind = Id().Replace(kind, "*");
        kind = Key().Replace(kind, "(…)");
        return Message().Replace(kind, "messages/{id}");
    }

    [GeneratedRegex("[0-9a-fA-F]{16,}")]
    private static partial Regex Id();

    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex Key();

    [GeneratedRegex("messages/[^/]+")]
    private static partial Regex Message();
}
