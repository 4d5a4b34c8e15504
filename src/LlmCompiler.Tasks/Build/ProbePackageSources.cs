using System.Net;
using System.Text.Json;
using Microsoft.Build.Framework;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Asks the restore's package sources whether they have one package version, before NuGet tries: MSBuild runs
/// no target after a failed restore, so this is the only moment to add advice to NuGet's own error. Local folders
/// are looked at; NuGet v3 feeds are asked anonymously through their package base address. A source that wants
/// credentials or does not answer counts as "might have it", so the probe never contradicts a working restore.
/// </summary>
[MSBuildMultiThreadableTask]
public sealed class ProbePackageSources : Microsoft.Build.Utilities.Task
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the restore's sources (folders or v3 feed URLs).</summary>
    public string[] Sources { get; set; } = [];

    /// <summary>Gets or sets the global packages folder.</summary>
    public string PackagesPath { get; set; } = string.Empty;

    /// <summary>Gets or sets the package id.</summary>
    [Required]
    public string PackageId { get; set; } = string.Empty;

    /// <summary>Gets or sets the package version.</summary>
    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>Gets whether no source can have the package: each one answered that it does not.</summary>
    [Output]
    public bool Missing { get; private set; }

    /// <inheritdoc/>
    public override bool Execute()
    {
        var id = PackageId.ToLowerInvariant();
        var version = PackageVersion.ToLowerInvariant();
        if (!string.IsNullOrEmpty(PackagesPath) && Directory.Exists(Path.Combine(PackagesPath, id, version)))
        {
            return true;
        }

        try
        {
            Missing = Sources.All(source => IsRemote(source) ? RemoteLacks(source, id, version) : LocalLacks(source, id, version));
        }
        catch (Exception e)
        {
            // Advice only: a probe that cannot decide stays silent and leaves the verdict to NuGet.
            Log.LogMessage(MessageImportance.Low, $"LlmCompiler: could not probe package sources for {PackageId}: {e.Message}");
        }

        return true;
    }

    private static bool IsRemote(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private bool LocalLacks(string folder, string id, string version) =>
        !File.Exists(Path.Combine(folder, $"{PackageId}.{PackageVersion}.nupkg"))
        && !File.Exists(Path.Combine(folder, $"{id}.{version}.nupkg"))
        && !Directory.Exists(Path.Combine(folder, id, version));

    private bool RemoteLacks(string source, string id, string version)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var index = JsonDocument.Parse(GetOrNull(client, source) ?? "{}");
            var baseAddress = index.RootElement.TryGetProperty("resources", out var resources)
                ? resources.EnumerateArray()
                    .Where(r => r.TryGetProperty("@type", out var type) && type.GetString()?.StartsWith("PackageBaseAddress/3.0.0", StringComparison.Ordinal) == true)
                    .Select(r => r.GetProperty("@id").GetString())
                    .FirstOrDefault()
                : null;
            if (baseAddress is null)
            {
                return false;
            }

            var versions = GetOrNull(client, baseAddress.TrimEnd('/') + "/" + id + "/index.json", notFound: "{\"versions\":[]}");
            if (versions is null)
            {
                return false;
            }

            using var document = JsonDocument.Parse(versions);
            return !document.RootElement.GetProperty("versions").EnumerateArray().Any(v => string.Equals(v.GetString(), version, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            Log.LogMessage(MessageImportance.Low, $"LlmCompiler: package source {source} did not answer the probe: {e.Message}");
            return false;
        }
    }

    /// <summary>The body of a successful GET, <paramref name="notFound"/> for a 404, and null for anything else (credentials, errors).</summary>
    private static string? GetOrNull(HttpClient client, string url, string? notFound = null)
    {
        using var response = client.GetAsync(url).GetAwaiter().GetResult();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return notFound;
        }

        return response.IsSuccessStatusCode ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : null;
    }
}
