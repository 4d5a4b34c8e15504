using LlmCompiler.Tasks.Restore;
using Microsoft.Build.Framework;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Asks the restore's package sources whether they have one package version, before NuGet tries: MSBuild runs
/// no target after a failed restore, so this is the only moment to add advice to NuGet's own error. A thin
/// adapter over <see cref="PackageSourceProbe"/>.
/// </summary>
[MSBuildMultiThreadableTask]
public sealed class ProbePackageSources : Microsoft.Build.Utilities.Task
{
    /// <summary>Gets or sets the restore's sources (folders or v3 feed URLs).</summary>
    public string[] Sources { get; set; } = [];

    /// <summary>Gets or sets the nuget.config files the restore reads, to tell whether a source has credentials.</summary>
    public string[] ConfigFiles { get; set; } = [];

    /// <summary>Gets or sets the global packages folder.</summary>
    public string PackagesPath { get; set; } = string.Empty;

    /// <summary>Gets or sets the package id.</summary>
    [Required]
    public string PackageId { get; set; } = string.Empty;

    /// <summary>Gets or sets the package version.</summary>
    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>Gets what to fix when the restore cannot get the package, or the empty string when it may.</summary>
    [Output]
    public string Advice { get; private set; } = string.Empty;

    /// <inheritdoc/>
    public override bool Execute()
    {
        if (!string.IsNullOrEmpty(PackagesPath) && Directory.Exists(Path.Combine(PackagesPath, PackageId.ToLowerInvariant(), PackageVersion.ToLowerInvariant())))
        {
            return true;
        }

        try
        {
            Advice = new PackageSourceProbe(PackageId, PackageVersion, ConfigFiles, message => Log.LogMessage(MessageImportance.Low, message)).Advise(Sources);
        }
        catch (Exception e)
        {
            // Advice only: a probe that cannot decide stays silent and leaves the verdict to NuGet.
            Log.LogMessage(MessageImportance.Low, $"LlmCompiler: could not probe package sources for {PackageId}: {e.Message}");
        }

        return true;
    }
}
