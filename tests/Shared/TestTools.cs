using System.Diagnostics;

namespace LlmCompiler.Tests.Shared;

/// <summary>
/// Programs the tests need beyond the .NET SDK (and Node.js with npm), installed by the tests themselves from the package registries into
/// artifacts/tools, so that `dotnet test` on a fresh clone runs every test: nothing has to be installed by hand first,
/// and a missing install step fails a test instead of hiding behind a tool that happens to be on the machine.
/// </summary>
internal static class TestTools
{
    /// <summary>The PowerShell .NET tool's version (the NuGet package <c>PowerShell</c>).</summary>
    public const string PowerShellVersion = "7.6.9";

    private static readonly Lazy<string> PowerShellDirectory = new(InstallPowerShell);
    private static readonly Lock PathLock = new();

    /// <summary>
    /// Puts <c>pwsh</c> on this process's PATH (child processes inherit it), installing the PowerShell .NET tool first
    /// unless a pwsh is already on PATH. Throws with the installer's output when it cannot be installed.
    /// </summary>
    public static void EnsurePowerShellOnPath()
    {
        var directory = PowerShellDirectory.Value;
        lock (PathLock)
        {
            // Tests run in parallel: read and write PATH as one step.
            var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            if (!path.Split(Path.PathSeparator).Contains(directory))
            {
                Environment.SetEnvironmentVariable("PATH", directory + Path.PathSeparator + path);
            }
        }
    }

    private static string InstallPowerShell()
    {
        if (FindOnPath("pwsh") is { } existing)
        {
            return existing;
        }

        var directory = Path.Combine(Repository.Root, "artifacts", "tools", "pwsh-" + PowerShellVersion);
        var pwsh = Path.Combine(directory, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");

        // Both test assemblies may run at once: a lock file keeps two installers out of one folder.
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        using var gate = AcquireLock(directory + ".lock");
        if (!File.Exists(pwsh))
        {
            var output = Run("dotnet", "tool", "install", "--tool-path", directory, "PowerShell", "--version", PowerShellVersion);
            if (!File.Exists(pwsh))
            {
                throw new InvalidOperationException($"Installing the PowerShell .NET tool {PowerShellVersion} into {directory} failed:\n{output}");
            }
        }

        return directory;
    }

    /// <summary>yaml-language-server's version (npm), the editor support the schema tests drive.</summary>
    public const string YamlLanguageServerVersion = "2.0.0";

    private static readonly Lazy<string> YamlLanguageServerDirectory = new(() => InstallNpmPackage("yaml-language-server", YamlLanguageServerVersion));

    /// <summary>
    /// Returns the path of yaml-language-server's entry script (run it with node), installing the pinned npm package
    /// into artifacts/tools first. Needs Node.js and npm on PATH; throws with npm's output when it cannot install.
    /// </summary>
    public static string YamlLanguageServer() =>
        Path.Combine(YamlLanguageServerDirectory.Value, "node_modules", "yaml-language-server", "bin", "yaml-language-server");

    /// <summary>The version of the MCP reference servers (npm <c>@modelcontextprotocol/server-everything</c> and <c>server-filesystem</c>).</summary>
    public const string McpServersVersion = "2026.8.31";

    private static readonly Lazy<string> ServerEverythingDirectory = new(() => InstallNpmPackage("@modelcontextprotocol/server-everything", McpServersVersion));

    private static readonly Lazy<string> ServerFilesystemDirectory = new(() => InstallNpmPackage("@modelcontextprotocol/server-filesystem", McpServersVersion));

    /// <summary>
    /// Returns the path of server-everything's program (run it with the argument <c>stdio</c>), installing the pinned npm
    /// package into artifacts/tools first. Needs Node.js and npm on PATH; throws with npm's output when it cannot install.
    /// </summary>
    public static string ServerEverything() => Path.Combine(ServerEverythingDirectory.Value, "node_modules", ".bin", "mcp-server-everything");

    /// <summary>Returns the path of server-filesystem's program (its arguments are the allowed directories), installing it first.</summary>
    public static string ServerFilesystem() => Path.Combine(ServerFilesystemDirectory.Value, "node_modules", ".bin", "mcp-server-filesystem");

    /// <summary>Azurite's version (npm), the Azure Storage emulator the durable engine's tests run against.</summary>
    public const string AzuriteVersion = "3.37.0";

    private static readonly Lazy<string> AzuriteDirectory = new(() => InstallNpmPackage("azurite", AzuriteVersion));

    /// <summary>
    /// Returns the path of Azurite's entry script (run it with node), installing the pinned npm package into
    /// artifacts/tools first. Needs Node.js and npm on PATH; throws with npm's output when it cannot install.
    /// </summary>
    public static string Azurite() =>
        Path.Combine(AzuriteDirectory.Value, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>mermaid-cli's version (npm <c>@mermaid-js/mermaid-cli</c>), which renders the build's workflow graph to SVG.</summary>
    public const string MermaidCliVersion = "12.2.0";

    /// <summary>Where Debian's <c>chromium</c> package puts the browser itself (<c>/usr/bin/chromium</c> is a shell wrapper).</summary>
    public const string ChromiumPath = "/usr/lib/chromium/chromium";

    // Puppeteer's install script would download a Chrome of its own, which this machine cannot reach: Debian's is used.
    private static readonly Lazy<string> MermaidCliDirectory = new(() =>
        InstallNpmPackage("@mermaid-js/mermaid-cli", MermaidCliVersion, ("PUPPETEER_SKIP_DOWNLOAD", "true")));

    private static readonly Lazy<string> Chromium = new(InstallChromium);

    /// <summary>
    /// Returns the path of mermaid-cli's entry script (run it with node), installing the pinned npm package into
    /// artifacts/tools first without puppeteer's own browser. Needs Node.js and npm on PATH; throws with npm's output
    /// when it cannot install.
    /// </summary>
    public static string MermaidCli() =>
        Path.Combine(MermaidCliDirectory.Value, "node_modules", "@mermaid-js", "mermaid-cli", "src", "cli.js");

    /// <summary>
    /// Returns the path of Debian's chromium, installing the <c>chromium</c> package with apt-get first when it is
    /// missing (as root, as CI and the developers' machines run). Throws with apt-get's output when it cannot.
    /// </summary>
    public static string DebianChromium() => Chromium.Value;

    private static string InstallChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return ChromiumPath;
        }

        using var gate = AcquireLock(Path.Combine(Path.GetTempPath(), "llmc-apt-chromium.lock"));
        if (!File.Exists(ChromiumPath))
        {
            var update = Run("apt-get", "update");
            var install = Run([("DEBIAN_FRONTEND", "noninteractive")], "apt-get", "install", "-y", "chromium");
            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException($"Installing Debian's chromium with apt-get failed (it needs root):\n{update}\n{install}");
            }
        }

        return ChromiumPath;
    }

    private static string InstallNpmPackage(string package, string version, params (string Name, string Value)[] environment)
    {
        // A scoped package's folder drops the '@' and turns '/' into '-': @mermaid-js/mermaid-cli → npm-mermaid-js-mermaid-cli-….
        var folder = package.Replace("@", string.Empty, StringComparison.Ordinal).Replace('/', '-');
        var directory = Path.Combine(Repository.Root, "artifacts", "tools", $"npm-{folder}-{version}");
        var installed = Path.Combine(directory, "node_modules", package, "package.json");
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        using var gate = AcquireLock(directory + ".lock");
        if (!File.Exists(installed))
        {
            if (FindOnPath("npm") is null)
            {
                throw new InvalidOperationException($"npm is not on PATH: install Node.js with npm to run the tests that use {package}.");
            }

            var output = Run(environment, "npm", "install", "--prefix", directory, "--no-audit", "--no-fund", "--no-save", $"{package}@{version}");
            if (!File.Exists(installed))
            {
                throw new InvalidOperationException($"Installing {package}@{version} from npm into {directory} failed:\n{output}");
            }
        }

        return directory;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, program)));

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string Run(string program, params string[] arguments) => Run([], program, arguments);

    private static string Run((string Name, string Value)[] environment, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return $"exit code {process.ExitCode}\n{stdout}{stderr.Result}";
    }
}
