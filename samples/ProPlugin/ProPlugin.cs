using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Pro;

/// <summary>
/// The entry point the SDK's generated code calls when the program loads. It activates the Pro features when a
/// valid license is present (environment variable <see cref="LicenseVariable"/> or <see cref="Activate"/>) and
/// otherwise reports, once, why the run stays community.
/// </summary>
public sealed class ProPlugin : ILlmCompilerPlugin
{
    /// <summary>The environment variable that holds the license key.</summary>
    public const string LicenseVariable = "LLMC_PRO_LICENSE";

    /// <inheritdoc/>
    public void Initialize()
    {
        var key = Environment.GetEnvironmentVariable(LicenseVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            ProFeatures.ReportInactive($"no license key in {LicenseVariable}");
            return;
        }

        Activate(key);
    }

    /// <summary>Activates the Pro features with a license key, for hosts that get the key from elsewhere.</summary>
    /// <param name="key">The license key.</param>
    /// <returns><see langword="true"/> when the key is valid and the features are active.</returns>
    public static bool Activate(string key)
    {
        if (!LicenseKey.TryValidate(key, DateTimeOffset.UtcNow, out var license, out var problem))
        {
            ProFeatures.ReportInactive($"the license key is not valid ({problem})");
            return false;
        }

        ProFeatures.Register(new RedactingProFeatures(license!));
        return true;
    }
}
