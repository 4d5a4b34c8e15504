using System.Reflection;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The packages under test, packed once per test run into a temporary feed with a version no other source has,
/// restored into an isolated NUGET_PACKAGES: a stale cached LlmCompiler.Sdk can never be used by accident.
/// </summary>
public static class TestFeed
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _packed;

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "llmc-e2e-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);

    public static string FeedDirectory => Path.Combine(Root, "feed");

    public static string PackagesDirectory => Path.Combine(Root, "packages");

    /// <summary>Gets the version the packages under test carry in this run.</summary>
    public static string Version { get; } = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets the environment every dotnet command of the tests runs with.</summary>
    public static IReadOnlyDictionary<string, string?> DotnetEnvironment { get; } = new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = PackagesDirectory,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDNOINPROCNODE"] = null,
        ["LLMC_RUN_FILE"] = null,
    };

    /// <summary>Packs the projects under test, once per run; later callers wait for the first.</summary>
    public static async Task EnsurePackedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_packed)
            {
                return;
            }

            Directory.CreateDirectory(FeedDirectory);
            foreach (var project in PackedProjects)
            {
                var result = await ProcessRunner.RunAsync(
                    "dotnet",
                    ["pack", Path.Combine(RepoRoot, project), "--no-build", "-c", Configuration, "-o", FeedDirectory, "-p:PackageVersion=" + Version, "-nologo"],
                    RepoRoot,
                    DotnetEnvironment);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"Packing {project} failed:\n{result}");
                }
            }

            _packed = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Gets the projects packed into the feed. Tests may add more (for example a plugin package) before packing.</summary>
    public static List<string> PackedProjects { get; } =
    [
        "src/LlmCompiler.Runtime/LlmCompiler.Runtime.csproj",
        "src/LlmCompiler.Sdk/LlmCompiler.Sdk.csproj",
    ];

    /// <summary>The nuget.config of test projects: our feed first, the machine's usual sources after it.</summary>
    public static string NuGetConfig()
    {
        var userCache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // The machine's global packages folder is read as a local source: packages it already has need no download.
        // Our version exists in no source but the feed, so nothing stale can come from there.
        var cacheSource = Directory.Exists(userCache) ? $"\n    <add key=\"machine-cache\" value=\"{userCache}\" />" : string.Empty;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="llmc-under-test" value="{FeedDirectory}" />{cacheSource}
              </packageSources>
            </configuration>
            """;
    }

    private static string Metadata(string key) =>
        typeof(TestFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
