using System.Globalization;

namespace LlmCompiler.Runtime.Execution;

/// <summary>How every console line writes a duration, in both engines: <c>36.9 s</c>, or <c>412 ms</c> under a second.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
