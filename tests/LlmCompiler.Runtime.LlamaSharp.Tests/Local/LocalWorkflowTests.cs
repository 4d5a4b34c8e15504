using System.Text.Json;
using LlmCompiler.Runtime.Local;

namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>local_llm steps inside workflow runs, with the default backend (WorkflowRunOptions.LocalModels left null).</summary>
[TestClass]
public sealed class LocalWorkflowTests
{
    private static Workflow Single(string name, string model, string prompt, int maxTokens) =>
        new(name, [TestModels.Step("generate", model, prompt, maxTokens)]);

    private static string Output(RunResult result, string workflow) =>
        result.Workflows.Single(w => w.Name == workflow).Variables["generate_out"];

    [TestMethod]
    public async Task FourConcurrentWorkflowsOnOneModelGiveTheOutputsTheyGiveAlone()
    {
        // Long enough that the steps surely overlap, and that drift between batched and lone decoding would show
        // (with flash attention on, texts parted after about 380 tokens).
        const int MaxTokens = 600;
        var model = TestModels.Write("concurrent");
        var prompts = new[] { "The first story.", "A second, longer prompt about something else.", "3", "Fourth!" };
        var workflows = prompts.Select((p, i) => Single("w" + i, model, p, MaxTokens)).ToList();

        var alone = new List<string>();
        foreach (var workflow in workflows)
        {
            var result = await WorkflowRunner.RunAsync([workflow], TestModels.QuietOptions());
            Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
            alone.Add(Output(result, workflow.Name));
        }

        var together = await WorkflowRunner.RunAsync(workflows, TestModels.QuietOptions());
        Assert.AreEqual(RunStatus.Succeeded, together.Status);
        for (var i = 0; i < workflows.Count; i++)
        {
            Assert.AreEqual(alone[i], Output(together, workflows[i].Name), $"workflow {i}");
            Assert.AreEqual((long)MaxTokens, together.Workflows[i].Steps[0].OutputTokens);
        }

        Assert.AreEqual(4, alone.Distinct().Count(), "different prompts lead to different text");
        var decoder = (await ModelCache.GetAsync(model, CancellationToken.None)).Decoder;
        Assert.IsTrue(decoder.PeakSequences >= 2, $"concurrent steps share a batch (peak {decoder.PeakSequences})");
    }

    [TestMethod]
    public async Task TheItemsOfAForeachStepAreDecodedTogetherAndGiveTheOutputsTheyGiveAlone()
    {
        const int MaxTokens = 200;
        var model = TestModels.Write("foreach");
        var prompts = new[] { "The first story.", "A second, longer prompt about something else.", "3", "Fourth!" };
        LocalLlmStep Each(ForeachSource source) => new("each", v => v["item"])
        {
            Model = model,
            MaxTokens = MaxTokens,
            Temperature = 0f,
            Foreach = source,
            Output = "texts",
        };

        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            var single = await WorkflowRunner.RunAsync([new Workflow("w", [Each(ForeachSource.List(prompt))])], TestModels.QuietOptions());
            Assert.AreEqual(RunStatus.Succeeded, single.Status, single.Workflows[0].Steps[0].Error);
            alone.Add(JsonSerializer.Deserialize<string[]>(single.Workflows[0].Variables["texts"])!.Single());
        }

        // max_parallel is left to the local_llm default (4): all four items decode at once.
        var together = await WorkflowRunner.RunAsync([new Workflow("w", [Each(ForeachSource.List(prompts))])], TestModels.QuietOptions());
        Assert.AreEqual(RunStatus.Succeeded, together.Status, together.Workflows[0].Steps[0].Error);
        CollectionAssert.AreEqual(alone, JsonSerializer.Deserialize<string[]>(together.Workflows[0].Variables["texts"])!);
        Assert.AreEqual(4L * MaxTokens, together.Workflows[0].Steps[0].OutputTokens);
        var decoder = (await ModelCache.GetAsync(model, CancellationToken.None)).Decoder;
        Assert.IsTrue(decoder.PeakSequences >= 2, $"items share a batch (peak {decoder.PeakSequences})");
    }

    [TestMethod]
    public async Task AModelIsLoadedOnceHoweverManyStepsAndWorkflowsUseIt()
    {
        var model = TestModels.Write("once");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, model);
        var workflows = Enumerable.Range(0, 3).Select(i => new Workflow("w" + i,
        [
            TestModels.Step("a", model, "first " + i),
            TestModels.Step("b", relative, "second " + i),
        ])).ToList();

        var first = await WorkflowRunner.RunAsync(workflows, TestModels.QuietOptions());
        var second = await WorkflowRunner.RunAsync(workflows, TestModels.QuietOptions());

        foreach (var step in first.Workflows.Concat(second.Workflows).SelectMany(w => w.Steps))
        {
            Assert.AreEqual(StepStatus.Succeeded, step.Status, step.Error);
            Assert.AreEqual(1d, step.Metrics!["model_loads"]);
            Assert.IsTrue(step.Metrics.ContainsKey("load_ms") && step.Metrics.ContainsKey("generation_ms"));
            Assert.IsTrue(step.InputTokens > 0);
            Assert.AreEqual(32L, step.OutputTokens);
        }

        Assert.AreEqual(1, LlamaModelBackend.LoadCount(model));
    }

    [TestMethod]
    public async Task AMissingModelFailsItsStepWhileOtherWorkflowsGoOn()
    {
        var model = TestModels.Write("others-go-on");
        var missing = Path.Combine(TestModels.Directory, "missing-" + Guid.NewGuid().ToString("N") + ".gguf");
        var result = await WorkflowRunner.RunAsync(
            [Single("broken", missing, "x", 8), Single("fine", model, "y", 8)],
            TestModels.QuietOptions());

        Assert.AreEqual(RunStatus.Failed, result.Status);
        var broken = result.Workflows.Single(w => w.Name == "broken").Steps[0];
        Assert.AreEqual(StepStatus.Failed, broken.Status);
        Assert.AreEqual($"model file not found: {missing}", broken.Error);
        Assert.AreEqual(RunStatus.Succeeded, result.Workflows.Single(w => w.Name == "fine").Status);
    }

    [TestMethod]
    public async Task TheRunFileRecordsTokensAndTimesPerStep()
    {
        var model = TestModels.Write("run-file");
        var result = await WorkflowRunner.RunAsync([Single("w", model, "Hello", 16)], TestModels.QuietOptions());
        var path = Path.Combine(TestModels.Directory, Guid.NewGuid().ToString("N") + "_run.json");
        await RunFile.WriteAsync(path, result, "test");

        using var runFile = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var step = runFile.RootElement.GetProperty("workflows").GetProperty("w").GetProperty("steps")[0];
        Assert.AreEqual("local_llm", step.GetProperty("type").GetString());
        Assert.IsTrue(step.GetProperty("input_tokens").GetInt32() > 0);
        Assert.AreEqual(16, step.GetProperty("output_tokens").GetInt32());
        Assert.AreEqual(1, step.GetProperty("model_loads").GetInt32());
        Assert.IsTrue(step.GetProperty("load_ms").GetDouble() > 0);
        Assert.IsTrue(step.GetProperty("generation_ms").GetDouble() > 0);
    }

    [TestMethod]
    public async Task ProgressGoesToTheLogUnlessQuiet()
    {
        var model = TestModels.Write("progress");
        var log = new StringWriter();
        var result = await WorkflowRunner.RunAsync([Single("w", model, "Hello", 16)], new WorkflowRunOptions { Output = TextWriter.Null, Log = log });
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        StringAssert.Matches(log.ToString(), new System.Text.RegularExpressions.Regex(@"generate: 16 tokens in (\d+ ms|\d+\.\d s), \d+ tokens/s"));

        var quiet = new StringWriter();
        await WorkflowRunner.RunAsync([Single("w", model, "Hello", 16)], new WorkflowRunOptions { Output = TextWriter.Null, Log = quiet, Quiet = true });
        Assert.AreEqual(string.Empty, quiet.ToString());
    }

    [TestMethod]
    public async Task CancellingTheRunStopsAGeneratingStep()
    {
        var model = TestModels.Write("cancel-run");
        using var cancellation = new CancellationTokenSource();
        var log = new ProgressProbe(cancellation.Cancel);
        var run = WorkflowRunner.RunAsync([Single("w", model, "Forever", 60_000)], new WorkflowRunOptions { Output = TextWriter.Null, Log = log }, cancellation.Token);
        var result = await run;

        Assert.AreEqual(RunStatus.Cancelled, result.Status);
        Assert.AreEqual(StepStatus.Cancelled, result.Workflows[0].Steps[0].Status);
    }

    /// <summary>A log that acts once, on the first progress line: that is, while a step is generating.</summary>
    private sealed class ProgressProbe(Action onFirstProgress) : StringWriter
    {
        private Action? _onFirstProgress = onFirstProgress;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains("generating", StringComparison.Ordinal) == true)
            {
                Interlocked.Exchange(ref _onFirstProgress, null)?.Invoke();
            }
        }
    }
}
