using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.TinyModel;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>local_llm steps through the SDK: real projects, real builds, real llama.cpp inference on a generated model.</summary>
[TestClass]
public sealed class LocalLlmTests
{
    private const string DemoModel = "/Users/libochen/Downloads/meta-llama-3-8b-instruct.Q4_K_M.gguf";

    private static readonly (string Workflow, string Step)[] DemoModelSteps =
        [("producer", "prod_summarize"), ("consumer", "consumer_insight"), ("conditional", "generate_note")];

    private static string Demo() =>
        LlmCompiler.Tests.Shared.CompatInputs.Read("upstream-demo-example.yaml");

    private static JsonElement Step(JsonDocument runFile, string workflow, string step) =>
        runFile.RootElement.GetProperty("workflows").GetProperty(workflow).GetProperty("steps").EnumerateArray()
            .First(s => s.GetProperty("name").GetString() == step);

    private static Task<CommandResult> RunAsync(TestProject project, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(project.Directory, "bin", "Debug", "net10.0", project.Name + ".dll"), .. arguments],
            project.Directory,
            new Dictionary<string, string?>(TestFeed.DotnetEnvironment.Concat(environment)));

    [TestMethod]
    public async Task CompatDemoRunsAllThreeWorkflowsOnTheGeneratedModelTheSameInEveryProcess()
    {
        Assert.IsTrue(Demo().Contains(DemoModel, StringComparison.Ordinal), "the demo's model path changed");

        // The relative default exercises both the environment reference and working-directory resolution.
        var project = await TestProject.CreateAsync("local_demo", new Dictionary<string, string>
        {
            ["demo.yaml"] = Demo().Replace(DemoModel, "${LLMC_DEMO_MODEL:-models/tiny.gguf}", StringComparison.Ordinal),
        });
        TinyModel.TinyModel.Write(project.PathOf("models/tiny.gguf"));
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var nativeLog = project.PathOf("native.log");
        var first = await RunAsync(project, new Dictionary<string, string?>(), "--run-file", "first.json");
        var second = await RunAsync(project, new Dictionary<string, string?> { ["LLMC_NATIVE_LOG"] = nativeLog }, "--run-file", "second.json");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreEqual(0, second.ExitCode, second.ToString());

        using var firstRun = project.ReadRunFile(project.PathOf("first.json"));
        using var secondRun = project.ReadRunFile(project.PathOf("second.json"));
        foreach (var (workflow, step) in DemoModelSteps)
        {
            Assert.AreEqual("succeeded", firstRun.RootElement.GetProperty("workflows").GetProperty(workflow).GetProperty("status").GetString());
            var record = Step(firstRun, workflow, step);
            Assert.AreEqual("local_llm", record.GetProperty("type").GetString());
            Assert.AreEqual(32, record.GetProperty("output_tokens").GetInt32());
            Assert.IsTrue(record.GetProperty("input_tokens").GetInt32() > 10);
            Assert.AreEqual(1, record.GetProperty("model_loads").GetInt32(), "three workflows, one load");
            Assert.IsTrue(record.GetProperty("load_ms").GetDouble() > 0);
            Assert.IsTrue(record.GetProperty("generation_ms").GetDouble() > 0);

            var channel = workflow + "." + step;
            var text = firstRun.RootElement.GetProperty("channels").GetProperty(channel).GetProperty("val").GetString();
            Assert.IsFalse(string.IsNullOrWhiteSpace(text), channel);
            Assert.AreEqual(text, secondRun.RootElement.GetProperty("channels").GetProperty(channel).GetProperty("val").GetString(), "same model, prompt and seed in another process");
        }

        // llama.cpp's loader noise stays off the console by default and goes to the file when asked.
        Assert.IsFalse(first.Output.Contains("llama_model_loader", StringComparison.Ordinal), first.Output);
        Assert.IsFalse(second.Output.Contains("llama_model_loader", StringComparison.Ordinal), second.Output);
        StringAssert.Contains(first.StandardError, "prod_summarize: 32 tokens in");
        StringAssert.Contains(await File.ReadAllTextAsync(nativeLog), "llama_model_loader");

        // Pointed elsewhere through the environment, a missing model fails its steps with the path it resolved to.
        var missing = project.PathOf("models/absent.gguf");
        var failed = await RunAsync(project, new Dictionary<string, string?> { ["LLMC_DEMO_MODEL"] = missing }, "--run-file", "failed.json");
        Assert.AreEqual(1, failed.ExitCode, failed.ToString());
        using var failedRun = project.ReadRunFile(project.PathOf("failed.json"));
        Assert.AreEqual($"model file not found: {missing}", Step(failedRun, "producer", "prod_summarize").GetProperty("error").GetString());
        Assert.AreEqual("succeeded", Step(failedRun, "conditional", "summary").GetProperty("status").GetString(), "other steps go on");
    }

    [TestMethod]
    public async Task PublishForOneRuntimeShipsOnlyItsNativesAndNoneAddsNoBackend()
    {
        var project = await TestProject.CreateAsync("local_publish", new Dictionary<string, string>
        {
            ["one.yaml"] = """
                name: one
                steps:
                  - name: say
                    type: local_llm
                    model: tiny.gguf
                    prompt: hello
                    max_tokens: 8
                    output: said
                """,
        });

        var publish = await project.DotnetAsync("publish", "-r", "linux-x64", "--self-contained", "false", "-o", "out", "-nologo");
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        var runtimes = Directory.GetDirectories(project.PathOf("out/runtimes")).Select(Path.GetFileName).ToList();
        CollectionAssert.AreEqual(new[] { "linux-x64" }, runtimes);
        Assert.IsTrue(Directory.EnumerateFiles(project.PathOf("out/runtimes/linux-x64"), "libllama.so", SearchOption.AllDirectories).Any());

        // The published program runs a model from its working directory.
        TinyModel.TinyModel.Write(project.PathOf("out/tiny.gguf"));
        var run = await ProcessRunner.RunAsync(project.PathOf("out/" + project.Name), [], project.PathOf("out"), TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        var none = await project.DotnetAsync("build", "-p:LlmCompilerLlamaBackend=none", "-o", "none", "-nologo");
        Assert.AreEqual(0, none.ExitCode, none.ToString());
        Assert.IsFalse(Directory.Exists(project.PathOf("none/runtimes")), "no backend package, no natives");
        Assert.IsTrue(File.Exists(project.PathOf("none/LLamaSharp.dll")));
    }
}
