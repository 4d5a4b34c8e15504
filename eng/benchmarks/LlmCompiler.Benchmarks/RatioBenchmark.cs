using System.Diagnostics;
using System.Globalization;

namespace LlmCompiler.Benchmarks;

/// <summary>
/// Measures a candidate against a baseline in the same process, alternating the two so that drift on a noisy
/// machine hits both alike, and reports the ratio of medians.
/// </summary>
internal static class RatioBenchmark
{
    public static async Task<(double Baseline, double Candidate, double Ratio)> RunAsync(
        string title, Func<Task> baseline, Func<Task> candidate, int rounds, int warmup = 2)
    {
        for (var i = 0; i < warmup; i++)
        {
            await baseline();
            await candidate();
        }

        var baselineTimes = new List<double>();
        var candidateTimes = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            // Alternate which goes first, so neither always follows the other's garbage or cache state.
            if (i % 2 == 0)
            {
                baselineTimes.Add(await Time(baseline));
                candidateTimes.Add(await Time(candidate));
            }
            else
            {
                candidateTimes.Add(await Time(candidate));
                baselineTimes.Add(await Time(baseline));
            }
        }

        var b = Median(baselineTimes);
        var c = Median(candidateTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: baseline median {b:0.0} ms, candidate median {c:0.0} ms, ratio {c / b:0.000} ({rounds} rounds each)"));
        return (b, c, c / b);
    }

    private static async Task<double> Time(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
