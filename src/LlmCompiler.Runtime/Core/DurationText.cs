using System.ComponentModel;
using System.Globalization;

namespace LlmCompiler.Runtime.Core;

/// <summary>How every console line writes a duration, in both engines: <c>36.9 s</c>, or <c>412 ms</c> under a second.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DurationText
{
    /// <summary>A duration as the console shows it.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
