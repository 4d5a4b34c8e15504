using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace LlmCompiler.Tasks.Restore;

/// <summary>
/// Asks package sources whether they have one package version, before NuGet tries. Local folders are looked at;
/// NuGet v3 feeds are asked anonymously through their package base address. A source that wants credentials
/// counts as "might have it" when a nuget.config of the restore (or a credential provider) supplies some, and as
/// the problem when none does; a source that does not answer counts as "might have it". So the probe never
/// contradicts a working restore. Nothing here belongs to compiling workflows: it serves the Pro edition's restore.
/// </summary>
internal sealed class PackageSourceProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string _packageId;
    private readonly string _packageVersion;
    private readonly IReadOnlyList<string> _configFiles;
    private readonly Action<string> _log;

    /// <summary>Creates a probe for one package version.</summary>
    /// <param name="packageId">The package id.</param>
    /// <param name="packageVersion">The package version.</param>
    /// <param name="configFiles">The nuget.config files the restore reads, to tell whether a source has credentials.</param>
    /// <param name="log">Where low-importance notes go (a source that did not answer).</param>
    public PackageSourceProbe(string packageId, string packageVersion, IReadOnlyList<string> configFiles, Action<string> log)
    {
        _packageId = packageId;
        _packageVersion = packageVersion;
        _configFiles = configFiles;
        _log = log;
    }

    /// <summary>Returns what to fix when no source can give the package, or the empty string when one may.</summary>
    public string Advise(IReadOnlyList<string> sources)
    {
        var id = _packageId.ToLowerInvariant();
        var version = _packageVersion.ToLowerInvariant();
        var answers = sources.Select(source => (Source: source, Answer: IsRemote(source) ? AskRemote(source, id, version) : AskLocal(source, id, version))).ToList();
        var locked = answers.Where(a => a.Answer == Answer.Unauthorized && !HasCredentials(a.Source)).Select(a => a.Source).ToList();
        if (answers.All(a => a.Answer == Answer.Lacks))
        {
            return $"no configured package source has it (sources: {string.Join(", ", sources)})";
        }

        if (locked.Count > 0 && answers.All(a => a.Answer == Answer.Lacks || locked.Contains(a.Source)))
        {
            return $"the feed {string.Join(", ", locked)} asks for credentials and no nuget.config of this restore gives any for it";
        }

        return string.Empty;
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
        File.Exists(Path.Combine(folder, $"{_packageId}.{_packageVersion}.nupkg"))
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
            _log($"LlmCompiler: package source {source} did not answer the probe: {e.Message}");
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
        var configs = _configFiles.Where(File.Exists).Select(path => XDocument.Load(path)).ToList();
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
