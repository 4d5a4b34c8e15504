using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The public core never references private code. The only place the private package's id may appear is the
/// overridable default of LlmCompilerProPackageId, the switch itself; no dependency, assembly reference, type or
/// namespace of it may appear in what we ship or in a community build.
/// </summary>
[TestClass]
public sealed partial class OpenCoreBoundaryTests
{
    private const string ProId = "LlmCompiler.Pro";

    [TestMethod]
    public async Task OurPackagesAndProjectsNeverReferenceTheProPackage()
    {
        await TestFeed.EnsurePackedAsync();
        foreach (var package in Directory.EnumerateFiles(TestFeed.FeedDirectory, "LlmCompiler.*.nupkg").Where(p => !Path.GetFileName(p).StartsWith(ProId + ".", StringComparison.Ordinal)))
        {
            using var archive = ZipFile.OpenRead(package);
            foreach (var entry in archive.Entries)
            {
                using var stream = new MemoryStream();
                using (var entryStream = entry.Open())
                {
                    entryStream.CopyTo(stream);
                }

                var where = $"{Path.GetFileName(package)}!{entry.FullName}";
                if (entry.FullName.EndsWith(".dll", StringComparison.Ordinal))
                {
                    AssertAssemblyIsClean(stream.ToArray(), where);
                }
                else
                {
                    AssertTextIsClean(System.Text.Encoding.UTF8.GetString(stream.ToArray()), where);
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestFeed.RepoRoot, "src"), "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                     .Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".props" or ".targets" or ".scriban"))
        {
            AssertTextIsClean(File.ReadAllText(file), file);
        }
    }

    [TestMethod]
    public async Task ACommunityBuildOfAProjectWhoseFeedHasProContainsNoTraceOfIt()
    {
        await TestFeed.EnsureProPackedAsync();
        var project = await TestProject.CreateAsync("community_clean", new Dictionary<string, string>
        {
            ["flow.yaml"] = "name: flow\nsteps:\n  - name: a\n    type: shell\n    command: echo hi\n",
        });
        var publish = await project.DotnetAsync("publish", "-nologo", "-o", "out");
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());

        Assert.IsFalse(File.ReadAllText(project.PathOf("obj/project.assets.json")).Contains(ProId, StringComparison.OrdinalIgnoreCase), "project.assets.json");
        foreach (var file in Directory.EnumerateFiles(project.PathOf("out")).Concat(Directory.EnumerateFiles(project.PathOf("bin"), "*", SearchOption.AllDirectories)))
        {
            Assert.IsFalse(Path.GetFileName(file).StartsWith(ProId, StringComparison.OrdinalIgnoreCase), file);
            if (file.EndsWith(".dll", StringComparison.Ordinal))
            {
                AssertAssemblyIsClean(File.ReadAllBytes(file), file);
            }
            else if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                Assert.IsFalse(File.ReadAllText(file).Contains(ProId, StringComparison.OrdinalIgnoreCase), file);
            }
        }

        foreach (var generated in Directory.EnumerateFiles(project.PathOf("obj"), "*.g.cs", SearchOption.AllDirectories))
        {
            Assert.IsFalse(File.ReadAllText(generated).Contains(ProId, StringComparison.Ordinal), generated);
        }
    }

    private static void AssertAssemblyIsClean(byte[] image, string where)
    {
        using var pe = new PEReader(new MemoryStream(image));
        if (!pe.HasMetadata)
        {
            return;
        }

        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.AssemblyReferences)
        {
            var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
            Assert.IsFalse(name.StartsWith(ProId, StringComparison.OrdinalIgnoreCase), $"{where} references assembly {name}");
        }

        foreach (var handle in reader.TypeReferences)
        {
            var ns = reader.GetString(reader.GetTypeReference(handle).Namespace);
            Assert.IsFalse(ns.StartsWith(ProId, StringComparison.Ordinal), $"{where} references a type in {ns}");
        }

        foreach (var handle in reader.TypeDefinitions)
        {
            var ns = reader.GetString(reader.GetTypeDefinition(handle).Namespace);
            Assert.IsFalse(ns.StartsWith(ProId, StringComparison.Ordinal), $"{where} defines a type in {ns}");
        }
    }

    private static void AssertTextIsClean(string text, string where)
    {
        foreach (var line in text.Split('\n'))
        {
            if (ProIdPattern().IsMatch(line) && !DefaultIdLine().IsMatch(line))
            {
                Assert.Fail($"{where} names the private package: {line.Trim()}");
            }
        }
    }

    [GeneratedRegex(@"LlmCompiler\.Pro\b")]
    private static partial Regex ProIdPattern();

    /// <summary>The one allowed mention: the overridable default of the package id property.</summary>
    [GeneratedRegex(@"^\s*<LlmCompilerProPackageId Condition=""'\$\(LlmCompilerProPackageId\)' == ''"">LlmCompiler\.Pro</LlmCompilerProPackageId>\s*$")]
    private static partial Regex DefaultIdLine();
}
