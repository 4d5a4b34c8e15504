using System.IO.Compression;
using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>The README NuGet shows for LlmCompiler.Sdk is a real quickstart: its project and workflow, as packed, build and run.</summary>
[TestClass]
public sealed partial class PackageReadmeTests
{
    [TestMethod]
    public async Task TheSdkPackageReadmeQuickstartBuildsAndRunsAsItSays()
    {
        await TestFeed.EnsurePackedAsync();
        string readme;
        using (var package = ZipFile.OpenRead(Directory.EnumerateFiles(TestFeed.FeedDirectory, "LlmCompiler.Sdk.*.nupkg").Single()))
        using (var reader = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            readme = reader.ReadToEnd();
        }

        var projectFile = Block(readme, "xml");
        var workflow = Block(readme, "yaml");
        StringAssert.Contains(projectFile, "Sdk=\"LlmCompiler.Sdk/");

        var project = await TestProject.CreateAsync("hello", new Dictionary<string, string> { ["hello.yaml"] = workflow });
        project.WriteFile("hello.csproj", SdkVersion().Replace(projectFile, $"Sdk=\"LlmCompiler.Sdk/{TestFeed.Version}\""));
        var run = await project.DotnetAsync("run");
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        using var runFile = project.ReadRunFile();
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("hello");
        Assert.AreEqual("Hello from a compiled workflow", context.GetProperty("greeting").GetString());
        Assert.AreEqual("HELLO FROM A COMPILED WORKFLOW!", context.GetProperty("loud").GetString());

        // "A typo such as {{greting}} is a build error at its line and column, with a did-you-mean."
        project.WriteFile("hello.yaml", workflow.Replace("{{greeting}}!", "{{greting}}!", StringComparison.Ordinal));
        var build = await project.BuildAsync();
        Assert.AreNotEqual(0, build.ExitCode, build.ToString());
        StringAssert.Matches(build.StandardOutput, new Regex(@"hello\.yaml\(\d+,\d+(,\d+,\d+)?\): error LLMC\d+: .*Did you mean 'greeting'"));
    }

    /// <summary>The first fenced block of a language, its list-item indentation removed.</summary>
    private static string Block(string markdown, string language)
    {
        var match = new Regex($@"^(?<indent> *)```{language}\n(?<body>.*?)^\k<indent>```", RegexOptions.Multiline | RegexOptions.Singleline).Match(markdown.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.IsTrue(match.Success, $"no ```{language} block");
        var indent = match.Groups["indent"].Value.Length;
        return string.Join('\n', match.Groups["body"].Value.Split('\n').Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));
    }

    [GeneratedRegex(@"Sdk=""LlmCompiler\.Sdk/[^""]+""")]
    private static partial Regex SdkVersion();
}
