using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>What an MSBuild user expects: incremental builds, clickable diagnostics, clean, watch, no collisions.</summary>
[TestClass]
public sealed class BuildIntegrationTests
{
    private const string Hello = """
        name: hello
        steps:
          - name: say
            type: shell
            command: echo hello
            output: greeting
        """;

    private const string Other = """
        name: other
        steps:
          - name: run
            type: shell
            command: echo other
            output: result
        """;

    [TestMethod]
    public async Task RebuildsOnlyWhatChangedAndDeletedWorkflowsLeaveTheAssembly()
    {
        var project = await TestProject.CreateAsync("incremental", new Dictionary<string, string>
        {
            ["hello.yaml"] = Hello,
            ["other.yaml"] = Other,
        });
        var first = await project.BuildAsync();
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        var generated = project.PathOf("obj/Debug/net10.0/llmc");
        var helloFile = Path.Combine(generated, "hello.g.cs");
        var otherFile = Path.Combine(generated, "other.g.cs");
        Assert.IsTrue(File.Exists(helloFile) && File.Exists(otherFile));

        // Nothing changed: the generation target is skipped, and the log says so.
        var second = await project.BuildAsync("-v:d");
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Output, "Skipping target \"_LlmCompilerGenerate\" because all output files are up-to-date");

        // One file edited: only its C# is rewritten.
        var otherWritten = File.GetLastWriteTimeUtc(otherFile);
        var helloWritten = File.GetLastWriteTimeUtc(helloFile);
        await Task.Delay(1100);
        project.WriteFile("hello.yaml", Hello.Replace("echo hello", "echo changed", StringComparison.Ordinal));
        var third = await project.BuildAsync();
        Assert.AreEqual(0, third.ExitCode, third.ToString());
        Assert.AreEqual(otherWritten, File.GetLastWriteTimeUtc(otherFile), "an unchanged workflow's C# must not be rewritten");
        Assert.AreNotEqual(helloWritten, File.GetLastWriteTimeUtc(helloFile));
        StringAssert.Contains(File.ReadAllText(helloFile), "echo changed");

        // One file deleted: its code leaves the assembly and the generated file is removed.
        File.Delete(project.PathOf("other.yaml"));
        var fourth = await project.BuildAsync();
        Assert.AreEqual(0, fourth.ExitCode, fourth.ToString());
        Assert.IsFalse(File.Exists(otherFile));
        var run = await project.RunBuiltAsync();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using (var runFile = project.ReadRunFile())
        {
            Assert.IsFalse(runFile.RootElement.GetProperty("contexts").TryGetProperty("other", out _));
            Assert.AreEqual("changed", runFile.RootElement.GetProperty("contexts").GetProperty("hello").GetProperty("greeting").GetString());
        }

        // Clean removes the generated files.
        var clean = await project.DotnetAsync("clean", "-nologo");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        Assert.IsFalse(Directory.Exists(generated), "dotnet clean must remove generated files");
    }

    [TestMethod]
    public async Task BrokenYamlIsAnMSBuildErrorWithCodeFileLineAndColumn()
    {
        var project = await TestProject.CreateAsync("broken", new Dictionary<string, string>
        {
            ["flows/broken.yaml"] = """
                name: broken
                steps:
                  - name: a
                    type: shell
                    command: echo {{missing}}
                  - name: b
                    type: shel
                    command: "true"
                """,
        });
        var build = await project.BuildAsync();
        Assert.AreNotEqual(0, build.ExitCode);
        var file = Regex.Escape(project.PathOf("flows/broken.yaml"));
        StringAssert.Matches(build.Output, new Regex(file + @"\(5,19,5,30\): error LLMC2006: No step of workflow 'broken' sets 'missing'"));
        StringAssert.Matches(build.Output, new Regex(file + @"\(7,11,7,15\): error LLMC2002: 'shel' is not a step type\. Did you mean 'shell'\?"));
        Assert.IsFalse(build.Output.Contains("MSB4018", StringComparison.Ordinal), build.Output);
        Assert.IsFalse(build.Output.Contains("error CS", StringComparison.Ordinal), "no C# may be compiled from a workflow with errors");
    }

    [TestMethod]
    public async Task SameFileNameInTwoFoldersDoesNotCollide()
    {
        var project = await TestProject.CreateAsync("folders", new Dictionary<string, string>
        {
            ["a/flow.yaml"] = Hello,
            ["b/flow.yaml"] = Other,
        });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsTrue(File.Exists(project.PathOf("obj/Debug/net10.0/llmc/a/flow.g.cs")));
        Assert.IsTrue(File.Exists(project.PathOf("obj/Debug/net10.0/llmc/b/flow.g.cs")));
        var run = await project.RunBuiltAsync("--quiet");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
    }

    [TestMethod]
    [DataRow(null, DisplayName = "default task build")]
    [DataRow("netstandard2.0", DisplayName = "netstandard2.0 task build (Visual Studio's)")]
    public async Task DesignTimeBuildsGenerateTheCodeIntelliSenseNeeds(string? taskFramework)
    {
        var project = await TestProject.CreateAsync("designtime" + TaskBuilds.Suffix(taskFramework), new Dictionary<string, string> { ["hello.yaml"] = Hello });
        // What the Roslyn project system runs: Compile, with the compiler itself skipped.
        var build = await project.DotnetAsync([
            "msbuild", "-restore", "-nologo", "-t:Compile", "-p:DesignTimeBuild=true", "-p:BuildingProject=false",
            "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", .. TaskBuilds.Arguments(taskFramework)]);
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        TaskBuilds.AssertLoaded(build, taskFramework);
        Assert.IsTrue(File.Exists(project.PathOf("obj/Debug/net10.0/llmc/hello.g.cs")), "design-time builds must generate the workflow classes");
        Assert.IsFalse(File.Exists(project.PathOf($"bin/Debug/net10.0/{project.Name}.dll")), "a design-time build compiles nothing");
    }

    [TestMethod]
    public async Task WorkflowItemsAreWatchedAndCheckedForUpToDate()
    {
        var project = await TestProject.CreateAsync("watched", new Dictionary<string, string> { ["hello.yaml"] = Hello });
        var restore = await project.DotnetAsync("restore");
        Assert.AreEqual(0, restore.ExitCode, restore.ToString());
        var items = await project.DotnetAsync("msbuild", "-getItem:Watch", "-getItem:UpToDateCheckInput", "-getItem:None");
        Assert.AreEqual(0, items.ExitCode, items.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(items.StandardOutput);
        var root = json.RootElement.GetProperty("Items");
        Assert.IsTrue(root.GetProperty("Watch").EnumerateArray().Any(i => i.GetProperty("Identity").GetString() == "hello.yaml"));
        // No Set: a set is compared only with UpToDateCheckBuilt items of that set, so the check would ignore edits.
        var upToDate = root.GetProperty("UpToDateCheckInput").EnumerateArray().Single(i => i.GetProperty("Identity").GetString() == "hello.yaml");
        Assert.IsFalse(upToDate.TryGetProperty("Set", out var set) && set.GetString() is { Length: > 0 }, "UpToDateCheckInput must not be in a set without outputs");
        Assert.IsFalse(root.TryGetProperty("None", out var none) && none.EnumerateArray().Any(i => i.GetProperty("Identity").GetString() == "hello.yaml"));
    }

    [TestMethod]
    public async Task TheSdkPackageShipsTheEditorSchemaOfTheRepository()
    {
        await TestFeed.EnsurePackedAsync();
        var package = Directory.EnumerateFiles(TestFeed.FeedDirectory, "LlmCompiler.Sdk.*.nupkg").Single();
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var entry = zip.GetEntry("schemas/workflow.schema.json");
        Assert.IsNotNull(entry, "the SDK package has no schemas/workflow.schema.json");
        using var reader = new StreamReader(entry.Open());
        Assert.AreEqual(File.ReadAllText(Path.Combine(TestFeed.RepoRoot, "schemas", "workflow.schema.json")), reader.ReadToEnd());
    }

    [TestMethod]
    public async Task WorkflowItemsTellVisualStudioToRerunTheDesignTimeBuildOnSave()
    {
        var project = await TestProject.CreateAsync("itemdefaults", new Dictionary<string, string> { ["hello.yaml"] = Hello });
        var restore = await project.DotnetAsync("restore");
        Assert.AreEqual(0, restore.ExitCode, restore.ToString());
        var items = await project.DotnetAsync("msbuild", "-getItem:Workflow");
        Assert.AreEqual(0, items.ExitCode, items.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(items.StandardOutput);
        var workflow = json.RootElement.GetProperty("Items").GetProperty("Workflow").EnumerateArray().Single();
        Assert.AreEqual("MSBuild:Compile", workflow.GetProperty("Generator").GetString());
    }

    [TestMethod]
    public async Task LlmCompilerCleanRemovesGeneratedCodeAndRunsItsHooks()
    {
        var project = await TestProject.CreateAsync("cleanhooks", new Dictionary<string, string> { ["hello.yaml"] = Hello }, """
            <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
            <Target Name="SayBefore" BeforeTargets="BeforeLlmCompilerClean"><Message Importance="high" Text="hook: before clean" /></Target>
            <Target Name="SayAfter" AfterTargets="AfterLlmCompilerClean"><Message Importance="high" Text="hook: after clean" /></Target>
            """);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsTrue(File.Exists(project.PathOf("obj/Debug/net10.0/llmc.stamp")));

        // The build draws the workflows beside the generated code, and the program prints the same picture.
        var picture = File.ReadAllText(project.PathOf("obj/Debug/net10.0/llmc/workflows.mmd"));
        StringAssert.Contains(picture, "w0s0[\"say<br/><i>shell</i>\"]");
        var graph = await project.RunBuiltAsync("--graph");
        Assert.AreEqual(0, graph.ExitCode, graph.ToString());
        Assert.AreEqual(picture, graph.StandardOutput);
        Assert.IsFalse(File.Exists(project.PathOf("cleanhooks_run.json")), "--graph runs nothing");

        // Called alone, as a user forcing the next build to generate anew would.
        var clean = await project.DotnetAsync("msbuild", "-nologo", "-t:LlmCompilerClean");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        StringAssert.Contains(clean.Output, "hook: before clean");
        StringAssert.Contains(clean.Output, "hook: after clean");
        Assert.IsFalse(Directory.Exists(project.PathOf("obj/Debug/net10.0/llmc")));
        Assert.IsFalse(File.Exists(project.PathOf("obj/Debug/net10.0/llmc.stamp")));
        Assert.IsFalse(File.Exists(project.PathOf("obj/Debug/net10.0/llmc.inputs.cache")));
        Assert.IsFalse(File.Exists(project.PathOf("obj/Debug/net10.0/llmc/workflows.mmd")));

        // The next build generates again.
        var rebuild = await project.BuildAsync();
        Assert.AreEqual(0, rebuild.ExitCode, rebuild.ToString());
        Assert.IsTrue(File.Exists(project.PathOf("obj/Debug/net10.0/llmc/hello.g.cs")));
    }
}
