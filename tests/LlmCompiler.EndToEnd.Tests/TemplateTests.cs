using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The templates package, as a user meets it: installed from the feed into a template hive of its own (so the
/// machine's dotnet new is never touched), instantiated, built, run and uninstalled. The projects are made in a folder
/// whose nuget.config names the feed, as a user's repository would, so the restore that dotnet new runs finds it.
/// </summary>
[TestClass]
public sealed class TemplateTests
{
    // The options tests share one hive, installed once; the first test installs and uninstalls a hive of its own.
    private static readonly Lazy<Task<string>> SharedHive = new(() => InstallAsync("template-hive-shared"));

    [TestMethod]
    public async Task DotnetNewLlmcMakesAProgramThatRestoresRunsAndGreetsAndLlmcTestMakesItsPassingTests()
    {
        var hive = await InstallAsync("template-hive");
        var root = Repository("side-by-side");

        var directory = Path.Combine(root, "HelloFlow");
        var create = await DotnetNewAsync(root, "llmc", "-n", "HelloFlow", "-o", directory, "--debug:custom-hive", hive);
        Assert.AreEqual(0, create.ExitCode, create.ToString());

        // Restored on creation, as dotnet new console is.
        Assert.IsTrue(File.Exists(Path.Combine(directory, "obj", "project.assets.json")), create.ToString());

        // The SDK version was filled in at pack time: the one this package was packed with.
        var project = File.ReadAllText(Path.Combine(directory, "HelloFlow.csproj"));
        StringAssert.Contains(project, $"Sdk=\"LlmCompiler.Sdk/{TestFeed.Version}\"");
        StringAssert.Contains(project, "<TargetFramework>net10.0</TargetFramework>");

        // The workflow's modeline names the editor schema, and the path resolves to the repository's schema.
        var workflow = Path.Combine(directory, "workflows", "hello.yaml");
        var modeline = File.ReadLines(workflow).First();
        const string Prefix = "# yaml-language-server: $schema=";
        Assert.IsTrue(modeline.StartsWith(Prefix, StringComparison.Ordinal), modeline);
        var schema = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(workflow)!, modeline[Prefix.Length..]));
        Assert.AreEqual(File.ReadAllText(Path.Combine(TestFeed.RepoRoot, "schemas", "workflow.schema.json")), File.ReadAllText(schema));

        var run = await ProcessRunner.RunAsync("dotnet", ["run"], directory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        // A first run shows the greeting, not only progress lines: the last step has no output, so it prints.
        StringAssert.Contains(run.StandardOutput, "Hello from HelloFlow!", run.ToString());
        using (var runFile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "HelloFlow_run.json"))))
        {
            var context = runFile.RootElement.GetProperty("contexts").GetProperty("hello");
            // The template's name was replaced inside the workflow too.
            Assert.AreEqual("Hello from HelloFlow", context.GetProperty("greeting").GetString());
            Assert.AreEqual("Hello from HelloFlow!", context.GetProperty("shouted").GetString());
        }

        // dotnet new llmc-test beside it: an MSTest project that tests the program's workflows, passing as created.
        var testDirectory = Path.Combine(root, "HelloFlow.Tests");
        var createTests = await DotnetNewAsync(root, "llmc-test", "-n", "HelloFlow.Tests", "--app", "HelloFlow", "-o", testDirectory, "--debug:custom-hive", hive);
        Assert.AreEqual(0, createTests.ExitCode, createTests.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(testDirectory, "obj", "project.assets.json")), createTests.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(testDirectory, "HelloFlow.Tests.csproj")), $"Include=\"LlmCompiler.Testing\" Version=\"{TestFeed.Version}\"");
        var test = await ProcessRunner.RunAsync("dotnet", ["test", "-nologo"], testDirectory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, test.ExitCode, test.ToString());
        StringAssert.Matches(test.StandardOutput, new System.Text.RegularExpressions.Regex(@"Failed:\s+0, Passed:\s+2,"));

        var uninstall = await DotnetNewAsync(TestFeed.Root, "uninstall", "LlmCompiler.Templates", "--debug:custom-hive", hive);
        Assert.AreEqual(0, uninstall.ExitCode, uninstall.ToString());
        var list = await DotnetNewAsync(TestFeed.Root, "list", "--debug:custom-hive", hive);
        Assert.IsFalse(list.StandardOutput.Contains("LlmCompiler console program", StringComparison.Ordinal), list.ToString());
    }

    [TestMethod]
    public async Task BothTemplatesTakeFrameworkAndNoRestoreAsDotnetNewConsoleDoes()
    {
        var hive = await SharedHive.Value;
        var root = Repository("options");

        foreach (var (template, name, framework) in new[] { ("llmc", "Flow", "net10.0"), ("llmc-test", "Flow.Tests", "net10.0") })
        {
            var directory = Path.Combine(root, name);
            string[] app = template == "llmc-test" ? ["--app", "Flow"] : [];
            var create = await DotnetNewAsync(root, [template, "-n", name, "-o", directory, "-f", framework, "--no-restore", .. app, "--debug:custom-hive", hive]);

            Assert.AreEqual(0, create.ExitCode, create.ToString());
            StringAssert.Contains(File.ReadAllText(Path.Combine(directory, name + ".csproj")), $"<TargetFramework>{framework}</TargetFramework>");
            Assert.IsFalse(Directory.Exists(Path.Combine(directory, "obj")), $"--no-restore restored {name}:\n{create}");
        }
    }

    [TestMethod]
    public async Task LlmcTestWithoutAppSaysTheAppIsRequiredAndWritesNoFile()
    {
        var hive = await SharedHive.Value;
        var root = Repository("no-app");
        var directory = Path.Combine(root, "Orphan.Tests");

        var create = await DotnetNewAsync(root, "llmc-test", "-n", "Orphan.Tests", "-o", directory, "--debug:custom-hive", hive);

        Assert.AreNotEqual(0, create.ExitCode, create.ToString());
        StringAssert.Contains(create.Output, "--app", create.ToString());
        // dotnet new makes the output folder before it checks the options; it leaves it empty.
        Assert.IsFalse(Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any(), create.ToString());
    }

    [TestMethod]
    public async Task ATestProjectWhoseProgramIsNotBesideItFailsWithAnErrorThatSaysWhereItLooked()
    {
        var hive = await SharedHive.Value;
        var root = Repository("lost-app");
        var directory = Path.Combine(root, "Lost.Tests");
        var create = await DotnetNewAsync(root, "llmc-test", "-n", "Lost.Tests", "--app", "Lost", "-o", directory, "--debug:custom-hive", hive);
        Assert.AreEqual(0, create.ExitCode, create.ToString());

        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-nologo"], directory, TestFeed.DotnetEnvironment);

        Assert.AreNotEqual(0, build.ExitCode, build.ToString());
        StringAssert.Contains(build.Output, "The program under test, ../Lost/Lost.csproj, does not exist.", build.ToString());
        Assert.IsFalse(build.Output.Contains("CS0246", StringComparison.Ordinal), build.ToString());
    }

    private static async Task<string> InstallAsync(string name)
    {
        await TestFeed.EnsurePackedAsync();
        var hive = Path.Combine(TestFeed.Root, name);
        var package = Path.Combine(TestFeed.FeedDirectory, $"LlmCompiler.Templates.{TestFeed.Version}.nupkg");
        Assert.IsTrue(File.Exists(package), package);

        var install = await DotnetNewAsync(TestFeed.Root, "install", package, "--debug:custom-hive", hive);
        Assert.AreEqual(0, install.ExitCode, install.ToString());
        StringAssert.Contains(install.StandardOutput, "llmc");
        return hive;
    }

    /// <summary>A folder for a user's projects, with a nuget.config that names the feed, as a repository would have.</summary>
    private static string Repository(string name)
    {
        var root = Path.Combine(TestFeed.Root, "templates", name);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "nuget.config"), TestFeed.NuGetConfig());
        return root;
    }

    private static Task<CommandResult> DotnetNewAsync(string directory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", ["new", .. arguments], directory, TestFeed.DotnetEnvironment);
}
