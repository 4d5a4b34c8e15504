using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Pro;

/// <summary>
/// The entry point the SDK's generated code calls when the program loads. It registers the Pro features when a valid
/// license is present (environment variable <see cref="LicenseVariable"/> or <see cref="Activate"/>) and otherwise
/// reports, once, why the run stays community.
/// </summary>
public sealed class ProPlugin : ILlmCompilerPlugin
{
    /// <summary>The environment variable that holds the license key.</summary>
    public const string LicenseVariable = "LLMC_PRO_LICENSE";

    private readonly string? _key;
    private bool _active;

    /// <summary>Initializes the plugin the generated program creates: the key is read from <see cref="LicenseVariable"/>.</summary>
    public ProPlugin()
    {
    }

    private ProPlugin(string key) => _key = key;

    /// <inheritdoc/>
    public void Initialize(ILlmCompilerRegistrations registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var key = _key ?? Environment.GetEnvironmentVariable(LicenseVariable);
        if (_key is null && string.IsNullOrWhiteSpace(key))
        {
            registrations.ReportProInactive($"no license key in {LicenseVariable}");
            return;
        }

        if (!LicenseKey.TryValidate(key!, DateTimeOffset.UtcNow, out var license, out var problem))
        {
            registrations.ReportProInactive($"the license key is not valid ({problem})");
            return;
        }

        registrations.RegisterProFeatures(new RedactingProFeatures(license!));
        _active = true;
    }

    /// <summary>Activates the Pro features with a license key, for hosts that get the key from elsewhere; runs started afterwards use them.</summary>
    /// <param name="key">The license key.</param>
    /// <returns><see langword="true"/> when the key is valid and the features are active.</returns>
    public static bool Activate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var plugin = new ProPlugin(key);
        PluginStartup.Initialize(plugin);
        return plugin._active;
    }
}
