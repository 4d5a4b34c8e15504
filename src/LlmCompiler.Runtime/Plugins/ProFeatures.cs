namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// The registration point for a private edition (the seed's <c>pluginapi.Register</c>, <c>IsAvailable</c> and
/// <c>EnhanceTextIfAvailable</c>). With nothing registered every helper here is the identity, so a community
/// build behaves exactly as if this type did not exist.
/// </summary>
public static class ProFeatures
{
    private static IProFeatures? _current;
    private static string? _inactiveReason;

    /// <summary>Gets whether a private edition has registered its features.</summary>
    public static bool IsAvailable => Volatile.Read(ref _current) is not null;

    /// <summary>Gets the registered features, or <see langword="null"/>.</summary>
    public static IProFeatures? Current => Volatile.Read(ref _current);

    /// <summary>Gets why a present private edition did not activate, or <see langword="null"/>.</summary>
    public static string? InactiveReason => Volatile.Read(ref _inactiveReason);

    /// <summary>Registers the features of a private edition; the last registration wins.</summary>
    /// <param name="features">The features.</param>
    public static void Register(IProFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Volatile.Write(ref _current, features);
        Volatile.Write(ref _inactiveReason, null);
    }

    /// <summary>Records that a private edition is present but not active, and why; the run says so once.</summary>
    /// <param name="reason">A sentence for the user, for example "no license key in LLMC_PRO_LICENSE".</param>
    public static void ReportInactive(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (!IsAvailable)
        {
            Volatile.Write(ref _inactiveReason, reason);
        }
    }

    /// <summary>Returns <paramref name="text"/> enhanced by the registered features, or unchanged when there are none.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The enhanced or unchanged text.</returns>
    public static string EnhanceTextIfAvailable(string text) => Current is { } features ? features.EnhanceText(text) : text;

    /// <summary>Forgets any registration. For tests.</summary>
    internal static void Reset()
    {
        Volatile.Write(ref _current, null);
        Volatile.Write(ref _inactiveReason, null);
    }
}
