using System.Text.Json;
using System.Xml.Linq;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// Under Central Package Management a project pins the packages the SDK adds with PackageVersion items, as it pins
/// any other package, and a project that pins none of them gets the SDK's versions.
/// </summary>
[TestClass]
public sealed class CentralPackageManagementTests
{
    /// <summary>A version no source has: a restore that used the SDK's version instead of the pinned one would fail.</summary>
    private const string Nowhere = "0.0.1-nowhere";

    private const string EveryStepType = """
        name: flow
        steps:
          - name: list
            type: shell
            command: echo hi
          - name: ask
            type: llm
            prompt: hi
          - name: think
            type: local_llm
            model: tiny.gguf
            prompt: hi
        """;

    [TestMethod]
    public async Task APackageVersionPinsEveryPackageTheSdkAdds()
    {
        await TestFeed.EnsureProPackedAsync();
        var llamaSharp = RepositoryPackageVersion("LLamaSharp");
        var pins = new Dictionary<string, string>
        {
            ["LlmCompiler.Runtime"] = TestFeed.Version,
            ["LlmCompiler.Runtime.OpenAI"] = TestFeed.Version,
            ["LlmCompiler.Runtime.LlamaSharp"] = TestFeed.Version,
            ["LlmCompiler.Runtime.DurableTask"] = TestFeed.Version,
            ["LlmCompiler.Runtime.OpenTelemetry"] = TestFeed.Version,
            ["LlmCompiler.Runtime.Mcp"] = TestFeed.Version,
            ["LlmCompiler.Pro"] = TestFeed.Version,
            ["LLamaSharp"] = llamaSharp,
            ["LLamaSharp.Backend.Cpu"] = llamaSharp,
        };

        // The SDK's own versions point nowhere, so only the pins can make this restore succeed.
        var project = await TestProject.CreateAsync("cpm_pins_all", new Dictionary<string, string>
        {
            ["flow.yaml"] = EveryStepType,
            ["Directory.Packages.props"] = PackagesProps(pins),
        }, $"""
            <PropertyGroup>
              <LlmCompilerDurableTask>true</LlmCompilerDurableTask>
              <LlmCompilerOpenTelemetry>true</LlmCompilerOpenTelemetry>
              <LlmCompilerAddMcpBackend>true</LlmCompilerAddMcpBackend>
              <LlmCompilerEdition>Pro</LlmCompilerEdition>
              <LlmCompilerRuntimeVersion>{Nowhere}</LlmCompilerRuntimeVersion>
              <LlmCompilerLlamaSharpVersion>{Nowhere}</LlmCompilerLlamaSharpVersion>
              <LlmCompilerProPackageVersion>{Nowhere}</LlmCompilerProPackageVersion>
            </PropertyGroup>
            <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
            """);

        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsFalse(build.Output.Contains("NU1009", StringComparison.Ordinal), build.Output);

        var dependencies = Dependencies(project);
        foreach (var (id, version) in pins)
        {
            Assert.IsTrue(dependencies.TryGetValue(id, out var dependency), $"{id} is not a dependency of the project");
            Assert.IsTrue(dependency.TryGetProperty("versionCentrallyManaged", out var central) && central.GetBoolean(), $"{id}: {dependency}");
            Assert.AreEqual($"[{version}, )", dependency.GetProperty("version").GetString(), id);
        }
    }

    [TestMethod]
    public async Task AProjectUnderCentralPackageManagementThatPinsNoneGetsTheSdksVersions()
    {
        var project = await TestProject.CreateAsync("cpm_pins_none", new Dictionary<string, string>
        {
            ["flow.yaml"] = "name: flow\nsteps:\n  - name: a\n    type: shell\n    command: echo hi\n",
            ["Directory.Packages.props"] = PackagesProps(new Dictionary<string, string>()),
        });

        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var runtime = Dependencies(project)["LlmCompiler.Runtime"];
        Assert.AreEqual($"[{TestFeed.Version}, )", runtime.GetProperty("version").GetString());
        Assert.IsTrue(runtime.GetProperty("autoReferenced").GetBoolean(), runtime.ToString());
    }

    private static string PackagesProps(IReadOnlyDictionary<string, string> pins) => $"""
        <Project>
          <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
          <ItemGroup>
        {string.Concat(pins.Select(pin => $"    <PackageVersion Include=\"{pin.Key}\" Version=\"{pin.Value}\" />\n"))}  </ItemGroup>
        </Project>
        """;

    /// <summary>The project's direct dependencies as restore recorded them (obj/project.assets.json).</summary>
    private static Dictionary<string, JsonElement> Dependencies(TestProject project)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(project.PathOf("obj/project.assets.json")));
        return assets.RootElement.GetProperty("project").GetProperty("frameworks").GetProperty("net10.0").GetProperty("dependencies")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase);
    }

    private static string RepositoryPackageVersion(string id) =>
        XDocument.Load(Path.Combine(TestFeed.RepoRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == id).Attribute("Version")!.Value;
}
