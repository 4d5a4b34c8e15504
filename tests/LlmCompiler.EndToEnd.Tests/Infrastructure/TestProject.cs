using System.Text.Json;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>A real project on disk that uses <c>Sdk="LlmCompiler.Sdk/…"</c>, with helpers to build, run and publish it.</summary>
public sealed class TestProject
{
    private TestProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    /// <summary>Creates a project folder with a csproj, a nuget.config pointing at the test feed and the given files.</summary>
    public static async Task<TestProject> CreateAsync(
        string name,
        IReadOnlyDictionary<string, string> files,
        string? projectBody = null,
        string outputType = "Exe")
    {
        await TestFeed.EnsurePackedAsync();
        var directory = Path.Combine(TestFeed.Root, "projects", name);
        System.IO.Directory.CreateDirectory(directory);
        projectBody ??= "<ItemGroup><Workflow Include=\"**/*.yaml\" /></ItemGroup>";
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="LlmCompiler.Sdk/{TestFeed.Version}">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              {projectBody}
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), TestFeed.NuGetConfig());
        var project = new TestProject(directory, name);
        foreach (var (path, content) in files)
        {
            project.WriteFile(path, content);
        }

        return project;
    }

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    public Task<CommandResult> DotnetAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", arguments, Directory, TestFeed.DotnetEnvironment);

    public Task<CommandResult> BuildAsync(params string[] extra) => DotnetAsync(["build", "-nologo", "-clp:NoSummary", .. extra]);

    /// <summary>Runs the built program directly (no rebuild), with an optional run file path.</summary>
    public Task<CommandResult> RunBuiltAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll"), .. arguments], Directory, TestFeed.DotnetEnvironment);

    /// <summary>Runs the built program with extra environment variables (a <see langword="null"/> value removes one).</summary>
    public Task<CommandResult> RunBuiltAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var merged = new Dictionary<string, string?>(TestFeed.DotnetEnvironment);
        foreach (var (name, value) in environment)
        {
            merged[name] = value;
        }

        return ProcessRunner.RunAsync("dotnet", [Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll"), .. arguments], Directory, merged);
    }

    public JsonDocument ReadRunFile(string? path = null) =>
        JsonDocument.Parse(File.ReadAllText(path ?? Path.Combine(Directory, Name + "_run.json")));
}
