using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Asks the restore's package sources whether they have one package version, before NuGet tries: MSBuild runs
/// no target after a failed restore, so this is the only moment to add advice to NuGet's own error. Local folders
/// are looked at; NuGet v3 feeds are asked anonymously through their package base address. A source that wants
/// credentials counts as "might have it" when a nuget.config of the restore (or a credential provider) supplies
/// some, and as the problem when none does; a source that does not answer counts as "might have it". So the
/// probe never contradicts a working restore.
/// </summary>
[MSBuildMultiThreadableTask]
public sealed class ProbePackageSources : Microsoft.Build.Utilities.Task
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

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
        var id = PackageId.ToLowerInvariant();
        var version = PackageVersion.ToLowerInvariant();
        if (!string.IsNullOrEmpty(PackagesPath) && Directory.Exists(Path.Combine(PackagesPath, id, version)))
        {
            return true;
        }

        try
        {
            var answers = Sources.Select(source => (Source: source, Answer: IsRemote(source) ? AskRemote(source, id, version) : AskLocal(source, id, version))).ToList();
            var locked = answers.Where(a => a.Answer == Answer.Unauthorized && !HasCredentials(a.Source)).Select(a => a.Source).ToList();
            if (answers.All(a => a.Answer == Answer.Lacks))
            {
                Advice = $"no configured package source has it (sources: {string.Join(", ", Sources)})";
            }
            else if (locked.Count > 0 && answers.All(a => a.Answer == Answer.Lacks || locked.Contains(a.Source)))
            {
                Advice = $"the feed {string.Join(", ", locked)} asks for credentials and no nuget.config of this restore gives any for it";
            }
        }
        catch (Exception e)
        {
            // Advice only: a probe that cannot decide stays silent and leaves the verdict to NuGet.
            Log.LogMessage(MessageImportance.Low, $"LlmCompiler: could not probe package sources for {PackageId}: {e.Message}");
        }

        return true;
    }

    private enum Answer
    {
        Has,
        Lacks,
        Unauthorized,
        Unknown,
    }

    private static bool IsRemote(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private Answer AskLocal(string folder, string id, string version) =>
        File.Exists(Path.Combine(folder, $"{PackageId}.{PackageVersion}.nupkg"))
        || File.Exists(Path.Combine(folder, $"{id}.{version}.nupkg"))
        || Directory.Exists(Path.Combine(folder, id, version)) ? Answer.Has : Answer.Lacks;

    private Answer AskRemote(string source, string id, string version)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            var (status, body) = Get(client, source);
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return Answer.Unauthorized;
            }

            using var index = JsonDocument.Parse(body ?? "{}");
            var baseAddress = index.RootElement.TryGetProperty("resources", out var resources)
                ? resources.EnumerateArray()
                    .Where(r => r.TryGetProperty("@type", out var type) && type.GetString()?.StartsWith("PackageBaseAddress/3.0.0", StringComparison.Ordinal) == true)
                    .Select(r => r.GetProperty("@id").GetString())
                    .FirstOrDefault()
                : null;
            if (baseAddress is null)
            {
                return Answer.Unknown;
            }

            var (versionsStatus, versions) = Get(client, baseAddress.TrimEnd('/') + "/" + id + "/index.json");
            switch (versionsStatus)
            {
                case HttpStatusCode.NotFound:
                    return Answer.Lacks;
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    return Answer.Unauthorized;
                case HttpStatusCode.OK:
                    using (var document = JsonDocument.Parse(versions!))
                    {
                        return document.RootElement.GetProperty("versions").EnumerateArray().Any(v => string.Equals(v.GetString(), version, StringComparison.OrdinalIgnoreCase))
                            ? Answer.Has
                            : Answer.Lacks;
                    }

                default:
                    return Answer.Unknown;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            Log.LogMessage(MessageImportance.Low, $"LlmCompiler: package source {source} did not answer the probe: {e.Message}");
            return Answer.Unknown;
        }
    }

    private static (HttpStatusCode Status, string? Body) Get(HttpClient client, string url)
    {
        using var response = client.GetAsync(url).GetAwaiter().GetResult();
        return (response.StatusCode, response.IsSuccessStatusCode ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : null);
    }

    /// <summary>
    /// Whether the restore can authenticate to <paramref name="source"/>: a credential provider is set up, or a
    /// nuget.config names the source (by URL) and has packageSourceCredentials under its key.
    /// </summary>
    private bool HasCredentials(string source)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VSS_NUGET_EXTERNAL_FEED_ENDPOINTS"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NUGET_PLUGIN_PATHS")))
        {
            return true;
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var configs = ConfigFiles.Where(File.Exists).Select(path => XDocument.Load(path)).ToList();
        foreach (var add in configs.SelectMany(c => c.Descendants("packageSources").Elements("add")))
        {
            if (string.Equals(add.Attribute("value")?.Value?.TrimEnd('/'), source.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) && add.Attribute("key")?.Value is { } key)
            {
                keys.Add(XmlConvert.EncodeLocalName(key));
            }
        }

        return configs.SelectMany(c => c.Descendants("packageSourceCredentials").Elements()).Any(e => keys.Contains(e.Name.LocalName));
    }
}
