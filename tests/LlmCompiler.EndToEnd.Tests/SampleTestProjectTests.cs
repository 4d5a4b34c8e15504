using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>samples/Quickstart.Tests, the shape of a workflow project's test project, passes against the packed LlmCompiler.Testing.</summary>
[TestClass]
public sealed class SampleTestProjectTests
{
    [TestMethod]
    public async Task TheQuickstartsTestProjectPassesWithTheTestingPackage()
    {
        await TestFeed.EnsurePackedAsync();
        var root = Path.Combine(TestFeed.Root, "projects", "samples");
        foreach (var sample in new[] { "Quickstart", "Quickstart.Tests" })
        {
            var copy = Path.Combine(root, sample);
            TestFeed.CopyDirectory(Path.Combine(TestFeed.RepoRoot, "samples", sample), copy);
            File.WriteAllText(Path.Combine(copy, "nuget.config"), TestFeed.NuGetConfig());
        }

        // The samples name the released version; the copies use the one under test.
        var project = Path.Combine(root, "Quickstart", "Quickstart.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("LlmCompiler.Sdk/0.1.0", "LlmCompiler.Sdk/" + TestFeed.Version, StringComparison.Ordinal));

        var tests = Path.Combine(root, "Quickstart.Tests");
        var result = await ProcessRunner.RunAsync(
            "dotnet", ["test", "-nologo", "-p:LlmCompilerVersion=" + TestFeed.Version], tests, TestFeed.DotnetEnvironment);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StandardOutput, "Passed!");
        StringAssert.Matches(result.StandardOutput, new System.Text.RegularExpressions.Regex(@"Failed:\s+0, Passed:\s+5,"));
    }
}
