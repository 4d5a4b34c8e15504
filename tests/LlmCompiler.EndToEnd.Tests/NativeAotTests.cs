using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// A project with every step type publishes with Native AOT and runs: shell, llm against the loopback server, and
/// local_llm on the generated test model through LLamaSharp's native library, found beside the program.
/// </summary>
[TestClass]
public sealed partial class NativeAotTests
{
    private const string Workflow = """
        name: native
        steps:
          - name: topic
            type: shell
            command: echo compilers
            output: topic
          - name: local
            type: local_llm
            model: ${LLMC_TEST_MODEL:-tiny.gguf}
            prompt: "Tell me about {{topic}}"
            max_tokens: 8
            output: local_text
          - name: remote
            type: llm
            model: aot-model
            prompt: "Tell me about {{topic}}"
            output: remote_text
          - name: both
            type: shell
            command: 'printf "%s|%s" "{{remote_text}}" "{{local_text}}" | head -c 40'
            output: both
        """;

    [TestMethod]
    public async Task EveryStepTypeRunsInANativeAotProgramWithoutWarningsFromOurAssemblies()
    {
        var linker = NativeLinker();
        if (linker is null)
        {
            Assert.Inconclusive("Native AOT needs clang (or clang-14) on PATH.");
        }

        await using var server = await FakeOpenAIServer.StartAsync();
        var project = await TestProject.CreateAsync("native_aot", new Dictionary<string, string> { ["flow.yaml"] = Workflow });
        var publishDirectory = project.PathOf("aot");
        var publish = await project.DotnetAsync(
            "publish", "-nologo", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:CppCompilerAndLinker=" + linker, "-o", publishDirectory);
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());

        // Trim and AOT analysis warnings (ILxxxx) may come from third-party assemblies (LLamaSharp), never from ours.
        // A warning is ours when its source (file or member, before the trailing " [project]") names our packages,
        // our namespaces or the project's generated code.
        var ours = AnalysisWarning().Matches(publish.Output).Select(m => ProjectSuffix().Replace(m.Value, string.Empty))
            .Where(line => line.Contains("llmcompiler", StringComparison.OrdinalIgnoreCase) || line.Contains("native_aot", StringComparison.Ordinal))
            .ToList();
        Assert.AreEqual(0, ours.Count, "AOT/trim warnings from our assemblies or the generated code:\n" + string.Join("\n", ours));
        Assert.IsFalse(File.Exists(Path.Combine(publishDirectory, "native_aot.dll")), "a Native AOT publish has no managed entry assembly");

        // Run from another folder, so the native libraries must be found beside the program, not in the working directory.
        var work = Directory.CreateTempSubdirectory("llmc-aot-run-").FullName;
        TinyModel.TinyModel.Write(Path.Combine(work, "tiny.gguf"));
        var run = await ProcessRunner.RunAsync(Path.Combine(publishDirectory, "native_aot"), [], work, new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = null,
            ["LLMC_RUN_FILE"] = null,
        });
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        using var runFile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "native_aot_run.json")));
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("native");
        Assert.AreEqual("compilers", context.GetProperty("topic").GetString());
        Assert.AreEqual("reply to: Tell me about compilers", context.GetProperty("remote_text").GetString());
        Assert.IsFalse(string.IsNullOrEmpty(context.GetProperty("local_text").GetString()), "the local model produced no text");
        StringAssert.StartsWith(context.GetProperty("both").GetString(), "reply to: Tell me about compilers|");
        var local = runFile.RootElement.GetProperty("workflows").GetProperty("native").GetProperty("steps")[1];
        Assert.AreEqual(8, local.GetProperty("output_tokens").GetInt64());
        Assert.AreEqual("aot-model", server.Requests.Single().Model);
    }

    /// <summary>The C toolchain ILCompiler links with: clang, or Debian 12's versioned clang-14.</summary>
    private static string? NativeLinker() =>
        new[] { "clang", "clang-14" }.FirstOrDefault(name =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, name))));

    [GeneratedRegex(@"^.*warning IL\d{4}.*$", RegexOptions.Multiline)]
    private static partial Regex AnalysisWarning();

    [GeneratedRegex(@"\s*\[[^\]]*\]\s*$")]
    private static partial Regex ProjectSuffix();
}
