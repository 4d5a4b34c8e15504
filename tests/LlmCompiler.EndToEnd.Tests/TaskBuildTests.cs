using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The builds of the compile task in the SDK package and how MSBuild picks one. Visual Studio's MSBuild (.NET
/// Framework) cannot run here: what it would load is checked in the package, and the build itself is forced under
/// the dotnet CLI (CompatFixtureTests, DesignTimeBuildsGenerateTheCodeIntelliSenseNeeds).
/// </summary>
[TestClass]
public sealed partial class TaskBuildTests
{
    private const string TasksTargets = "targets/LlmCompiler.Tasks.targets";

    private const string Hello = """
        name: hello
        steps:
          - name: say
            type: shell
            command: echo hello
            output: greeting
        """;

    [TestMethod]
    public async Task TheFullMSBuildBranchNamesANetStandardTaskAssemblyThatThePackageShips()
    {
        await TestFeed.EnsurePackedAsync();
        using var package = ZipFile.OpenRead(Directory.EnumerateFiles(TestFeed.FeedDirectory, "LlmCompiler.Sdk.*.nupkg").Single());
        var targets = XDocument.Load(package.GetEntry(TasksTargets)!.Open());
        var properties = targets.Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup").ToList();

        // The value MSBuild on .NET Framework gets: the one property row whose condition is the Full runtime.
        var fullBranch = properties.Single(e => e.Name.LocalName == "LlmCompilerTaskFramework"
            && ((string?)e.Attribute("Condition") ?? string.Empty).Contains("'$(MSBuildRuntimeType)' == 'Full'", StringComparison.Ordinal));
        Assert.AreEqual("netstandard2.0", fullBranch.Value);

        // The assembly path as the targets compose it, with that value and the targets folder of the package.
        var pathParts = QuotedArgument().Matches(properties.Single(e => e.Name.LocalName == "LlmCompilerTasksAssembly").Value)
            .Select(m => m.Groups[1].Value
                .Replace("$(MSBuildThisFileDirectory)", "targets/", StringComparison.Ordinal)
                .Replace("$(LlmCompilerTaskFramework)", fullBranch.Value, StringComparison.Ordinal))
            .ToArray();
        var root = Path.GetFullPath("/package");
        var assemblyPath = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine([root, .. pathParts]))).Replace('\\', '/');
        Assert.AreEqual("tasks/netstandard2.0/LlmCompiler.Tasks.dll", assemblyPath);

        var folder = Path.GetDirectoryName(assemblyPath)!.Replace('\\', '/') + "/";
        var files = package.Entries.Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal)).ToList();
        var names = files.Select(e => e.Name).ToList();
        CollectionAssert.IsSubsetOf(new[] { "LlmCompiler.Tasks.dll", "YamlDotNet.dll", "Scriban.Signed.dll", "System.Text.Json.dll" }, names);
        Assert.IsFalse(names.Any(n => n.StartsWith("Microsoft.Build", StringComparison.Ordinal)), "MSBuild's own assemblies must come from the running MSBuild");

        // Every assembly there is a netstandard build: none references System.Runtime, which .NET Framework lacks.
        foreach (var file in files.Where(e => e.Name.EndsWith(".dll", StringComparison.Ordinal)))
        {
            var references = AssemblyReferences(file);
            Assert.IsFalse(references.Contains("System.Runtime"), $"{file.FullName} references System.Runtime: not loadable on .NET Framework");
        }

        CollectionAssert.Contains(AssemblyReferences(files.Single(e => e.Name == "LlmCompiler.Tasks.dll")).ToList(), "netstandard");
    }

    [TestMethod]
    public async Task TheNetStandardTaskBuildGeneratesTheSameCodeAsTheDefaultOne()
    {
        // The compiler's golden inputs cover the language; one project holds them all (their workflow names differ).
        // The files they read (prompt files, schema files) come along; expected outputs and the upstream set do not.
        var golden = Path.Combine(TestFeed.RepoRoot, "tests", "LlmCompiler.Tasks.Tests", "Golden");
        var goldens = Directory.EnumerateFiles(golden, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(golden, path))
            .Where(relative => !relative.StartsWith("Upstream", StringComparison.Ordinal) && !relative.EndsWith(".g.cs.txt", StringComparison.Ordinal))
            .ToDictionary(relative => relative, relative => File.ReadAllText(Path.Combine(golden, relative)));
        const string Body = """
            <PropertyGroup><AssemblyName>Same</AssemblyName><RootNamespace>Same</RootNamespace></PropertyGroup>
            <ItemGroup><Workflow Include="*.yaml" /></ItemGroup>
            """;
        var generated = new List<Dictionary<string, string>>();
        foreach (var taskFramework in new[] { TaskBuilds.Default, "netstandard2.0" })
        {
            var project = await TestProject.CreateAsync("samecode" + TaskBuilds.Suffix(taskFramework), goldens, Body);
            var build = await project.BuildAsync(TaskBuilds.Arguments(taskFramework));
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            TaskBuilds.AssertLoaded(build, taskFramework);
            var folder = project.PathOf("obj/Debug/net10.0/llmc");
            generated.Add(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(path => Path.GetRelativePath(folder, path), File.ReadAllText));
        }

        // Workflow Include="*.yaml" takes the top folder's files; a golden in a folder of its own (Plugins/) tests one emitter alone.
        Assert.AreEqual(goldens.Keys.Count(k => k.EndsWith(".yaml", StringComparison.Ordinal) && Path.GetDirectoryName(k)!.Length == 0) + 2, generated[0].Count, "every workflow file, the program file and the graph");
        CollectionAssert.AreEquivalent(generated[0].Keys.ToList(), generated[1].Keys.ToList());
        foreach (var (file, text) in generated[0])
        {
            Assert.AreEqual(text, generated[1][file], $"{file} differs between the {TaskBuilds.Default} and netstandard2.0 task builds");
        }
    }

    [TestMethod]
    public async Task TheNetTaskHostIsOptInAndRunsTheNet8TaskBuild()
    {
        var project = await TestProject.CreateAsync("taskhost", new Dictionary<string, string> { ["hello.yaml"] = Hello });
        var build = await project.BuildAsync("-v:n", "-p:LlmCompilerUseNetTaskHost=true");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        TaskBuilds.AssertLoaded(build, "net8.0");
        var run = await project.RunBuiltAsync("--quiet");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
    }

    [TestMethod]
    public async Task AnUnknownTaskBuildIsAnErrorWithACode()
    {
        var project = await TestProject.CreateAsync("taskbuild_unknown", new Dictionary<string, string> { ["hello.yaml"] = Hello });
        var build = await project.BuildAsync("-p:LlmCompilerTaskFramework=net9.0");
        Assert.AreNotEqual(0, build.ExitCode, build.ToString());
        StringAssert.Contains(build.StandardOutput, "LLMC0002");
        StringAssert.Contains(build.StandardOutput, "LlmCompilerTaskFramework is 'net9.0'");
    }

    private static HashSet<string> AssemblyReferences(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedArgument();
}
