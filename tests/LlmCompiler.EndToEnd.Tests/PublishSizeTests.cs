using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>The publish size the SDK package's README states is what a shell-only program publishes to.</summary>
[TestClass]
public sealed partial class PublishSizeTests
{
    [TestMethod]
    public async Task AShellOnlyProgramPublishesToTheSizeTheSdkReadmeStates()
    {
        await TestFeed.EnsurePackedAsync();
        string readme;
        using (var package = ZipFile.OpenRead(Directory.EnumerateFiles(TestFeed.FeedDirectory, $"LlmCompiler.Sdk.{TestFeed.Version}.nupkg").Single()))
        using (var reader = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            readme = reader.ReadToEnd().ReplaceLineEndings(" ");
        }

        var statement = StatedSize().Match(readme);
        Assert.IsTrue(statement.Success, "the SDK README states a shell-only publish size and its tolerance");
        var statedMegabytes = double.Parse(statement.Groups["size"].Value, CultureInfo.InvariantCulture);
        var tolerance = int.Parse(statement.Groups["tolerance"].Value, CultureInfo.InvariantCulture) / 100.0;

        // The quickstart's program: shell steps only.
        var project = await TestProject.CreateAsync("publish_size", new Dictionary<string, string>
        {
            ["hello.yaml"] = """
                name: hello
                steps:
                  - name: greet
                    type: shell
                    command: echo "Hello from a compiled workflow"
                    output: greeting
                """,
        });
        var publish = await project.DotnetAsync("publish", "-c", "Release", "-o", "out", "-nologo");
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        var run = await ProcessRunner.RunAsync(project.PathOf("out/" + project.Name), [], project.Directory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        var files = new DirectoryInfo(project.PathOf("out")).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.EndsWith("_run.json", StringComparison.Ordinal)).ToList();
        var measuredMegabytes = files.Sum(f => f.Length) / 1_000_000.0;
        var listing = string.Join("\n", files.OrderByDescending(f => f.Length).Select(f => $"{f.Length,10} {Path.GetRelativePath(project.PathOf("out"), f.FullName)}"));
        Assert.IsTrue(
            Math.Abs(measuredMegabytes - statedMegabytes) <= statedMegabytes * tolerance,
            $"the README says {statedMegabytes} MB (within {tolerance:P0}); the publish is {measuredMegabytes:F2} MB:\n{listing}");
    }

    [GeneratedRegex(@"shell-only program .{0,80}?publishes to \*\*(?<size>\d+(\.\d+)?) MB\*\*.{0,120}?within (?<tolerance>\d+)%", RegexOptions.Singleline)]
    private static partial Regex StatedSize();
}
