using System.Globalization;
using System.Text;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// Which partition (control queue) an orchestration instance lives on, as the framework places it: the 32-bit FNV-1a hash of
/// the instance id's UTF-8 bytes, modulo the partition count. The stall benchmark needs it to kill the worker that holds the
/// run's foreach; a wrong guess shows as no stall at all, so the numbers check it.
/// </summary>
internal static class Partitions
{
    public static string Of(string instanceId, string taskHub, int partitionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{taskHub.ToLowerInvariant()}-control-{hash % (uint)partitionCount:00}");
    }
}
