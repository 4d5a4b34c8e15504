using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The templates package, as a user meets it: installed from the feed into a template hive of its own (so the
/// machine's dotnet new is never touched), instantiated, built, run and uninstalled.
/// </summary>
[TestClass]
public sealed class TemplateTests
{
    [TestMethod]
    public async Task DotnetNewLlmcMakesAProgramThatBuildsAndRunsAndLlmcTestMakesItsPassingTests()
    {
        await TestFeed.EnsurePackedAsync();
        var hive = Path.Combine(TestFeed.Root, "template-hive");
        var package = Path.Combine(TestFeed.FeedDirectory, $"LlmCompiler.Templates.{TestFeed.Version}.nupkg");
        Assert.IsTrue(File.Exists(package), package);

        var install = await DotnetNewAsync(TestFeed.Root, "install", package, "--debug:custom-hive", hive);
        Assert.AreEqual(0, install.ExitCode, install.ToString());
        StringAssert.Contains(install.StandardOutput, "llmc");

        var directory = Path.Combine(TestFeed.Root, "projects", "HelloFlow");
        var create = await DotnetNewAsync(TestFeed.Root, "llmc", "-n", "HelloFlow", "-o", directory, "--debug:custom-hive", hive);
        Assert.AreEqual(0, create.ExitCode, create.ToString());

        // The SDK version was filled in at pack time: the one this package was packed with.
        StringAssert.Contains(File.ReadAllText(Path.Combine(directory, "HelloFlow.csproj")), $"Sdk=\"LlmCompiler.Sdk/{TestFeed.Version}\"");

        // The workflow's modeline names the editor schema, and the path resolves to the repository's schema.
        var workflow = Path.Combine(directory, "workflows", "hello.yaml");
        var modeline = File.ReadLines(workflow).First();
        const string Prefix = "# yaml-language-server: $schema=";
        Assert.IsTrue(modeline.StartsWith(Prefix, StringComparison.Ordinal), modeline);
        var schema = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(workflow)!, modeline[Prefix.Length..]));
        Assert.AreEqual(File.ReadAllText(Path.Combine(TestFeed.RepoRoot, "schemas", "workflow.schema.json")), File.ReadAllText(schema));

        File.WriteAllText(Path.Combine(directory, "nuget.config"), TestFeed.NuGetConfig());
        var run = await ProcessRunner.RunAsync("dotnet", ["run"], directory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using (var runFile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "HelloFlow_run.json"))))
        {
            var context = runFile.RootElement.GetProperty("contexts").GetProperty("hello");
            // The template's name was replaced inside the workflow too.
            Assert.AreEqual("Hello from HelloFlow", context.GetProperty("greeting").GetString());
            Assert.AreEqual("Hello from HelloFlow!", context.GetProperty("shouted").GetString());
            Assert.AreEqual("done", context.GetProperty("result").GetString());
        }

        // dotnet new llmc-test beside it: an MSTest project that tests the program's workflows, passing as created.
        var testDirectory = Path.Combine(TestFeed.Root, "projects", "HelloFlow.Tests");
        var createTests = await DotnetNewAsync(TestFeed.Root, "llmc-test", "-n", "HelloFlow.Tests", "--app", "HelloFlow", "-o", testDirectory, "--debug:custom-hive", hive);
        Assert.AreEqual(0, createTests.ExitCode, createTests.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(testDirectory, "HelloFlow.Tests.csproj")), $"Include=\"LlmCompiler.Testing\" Version=\"{TestFeed.Version}\"");
        File.WriteAllText(Path.Combine(testDirectory, "nuget.config"), TestFeed.NuGetConfig());
        var test = await ProcessRunner.RunAsync("dotnet", ["test", "-nologo"], testDirectory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, test.ExitCode, test.ToString());
        StringAssert.Matches(test.StandardOutput, new System.Text.RegularExpressions.Regex(@"Failed:\s+0, Passed:\s+2,"));

        var uninstall = await DotnetNewAsync(TestFeed.Root, "uninstall", "LlmCompiler.Templates", "--debug:custom-hive", hive);
        Assert.AreEqual(0, uninstall.ExitCode, uninstall.ToString());
        var list = await DotnetNewAsync(TestFeed.Root, "list", "--debug:custom-hive", hive);
        Assert.IsFalse(list.StandardOutput.Contains("LlmCompiler console program", StringComparison.Ordinal), list.ToString());
    }

    private static Task<CommandResult> DotnetNewAsync(string directory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", ["new", .. arguments], directory, TestFeed.DotnetEnvironment);
}
