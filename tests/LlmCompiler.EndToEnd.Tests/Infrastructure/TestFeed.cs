using System.Reflection;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The packages under test, packed once per test run into a temporary feed with a version no other source has,
/// restored into an isolated NUGET_PACKAGES: a stale cached LlmCompiler.Sdk can never be used by accident.
/// </summary>
public static class TestFeed
{
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

    // Each pack happens once per run; every later caller awaits the same task.
    private static readonly Lazy<Task> Packed = new(PackAsync);
    private static readonly Lazy<Task> ProPacked = new(PackProAsync);

    /// <summary>Packs the projects under test, once per run.</summary>
    public static Task EnsurePackedAsync() => Packed.Value;

    /// <summary>
    /// Packs samples/ProPlugin (the template of the private package) into the feed as the stand-in for the private
    /// LlmCompiler.Pro, with the version under test. It is packed from a copy, as the private repository would,
    /// against the LlmCompiler.Runtime package in the feed.
    /// </summary>
    public static Task EnsureProPackedAsync() => ProPacked.Value;

    /// <summary>Gets the projects packed into the feed.</summary>
    public static IReadOnlyList<string> PackedProjects { get; } =
    [
        "src/LlmCompiler.Runtime/LlmCompiler.Runtime.csproj",
        "src/LlmCompiler.Runtime.LlamaSharp/LlmCompiler.Runtime.LlamaSharp.csproj",
        "src/LlmCompiler.Runtime.OpenAI/LlmCompiler.Runtime.OpenAI.csproj",
        "src/LlmCompiler.Runtime.DurableTask/LlmCompiler.Runtime.DurableTask.csproj",
        "src/LlmCompiler.Runtime.OpenTelemetry/LlmCompiler.Runtime.OpenTelemetry.csproj",
        "src/LlmCompiler.Runtime.Mcp/LlmCompiler.Runtime.Mcp.csproj",
        "src/LlmCompiler.Sdk/LlmCompiler.Sdk.csproj",
        "src/LlmCompiler.Templates/LlmCompiler.Templates.csproj",
        "src/LlmCompiler.Testing/LlmCompiler.Testing.csproj",
    ];

    private static readonly List<CommandResult> PackLogList = [];

    /// <summary>Gets what each pack of <see cref="PackedProjects"/> printed, in order, once <see cref="EnsurePackedAsync"/> is done.</summary>
    public static IReadOnlyList<CommandResult> PackLogs => PackLogList;

    private static async Task PackAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        foreach (var project in PackedProjects)
        {
            PackLogList.Add(await DotnetOrThrowAsync(RepoRoot, $"Packing {project}",
                "pack", Path.Combine(RepoRoot, project), "--no-build", "-c", Configuration, "-o", FeedDirectory, "-p:PackageVersion=" + Version, "-nologo"));
        }
    }

    private static async Task PackProAsync()
    {
        await EnsurePackedAsync();
        var copy = Path.Combine(Root, "ProPlugin");
        CopyDirectory(Path.Combine(RepoRoot, "samples", "ProPlugin"), copy);
        File.WriteAllText(Path.Combine(copy, "nuget.config"), NuGetConfig());
        await DotnetOrThrowAsync(copy, "Packing the Pro sample",
            "pack", "-c", "Release", "-o", FeedDirectory, "-nologo", "-p:Version=" + Version, "-p:LlmCompilerRuntimeVersion=" + Version);
    }

    private static async Task<CommandResult> DotnetOrThrowAsync(string directory, string what, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, directory, DotnetEnvironment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed:\n{result}");
        }

        return result;
    }

    /// <summary>Copies a folder of the repository (without bin/ and obj/) to <paramref name="to"/>, as a user's checkout would have it.</summary>
    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

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
