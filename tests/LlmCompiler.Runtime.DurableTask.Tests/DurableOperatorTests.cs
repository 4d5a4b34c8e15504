using LlmCompiler.Runtime.CompilerServices;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>The durable engine as an operator meets it: a cancelled foreach keeps what finished; bad names are a bad command line (exit 2).</summary>
[TestClass]
public sealed class DurableOperatorTests
{
    [ClassInitialize]
    public static void RegisterTheEngine(TestContext context) => PluginStartup.Initialize(new DurableTaskEnginePlugin());

    [TestMethod]
    public async Task ACancelledForeachRecordsEveryItemThatFinished()
    {
        var blocked = Path.Combine(Path.GetTempPath(), "llmc-dfe-" + Guid.NewGuid().ToString("N"));
        var workflow = new Workflow("w",
        [
            new ShellStep("each", $"if [ \"$I\" = 3 ]; then touch '{blocked}'; sleep 120; fi; printf 'x%s' \"$I\"")
            {
                Foreach = ForeachSource.List("0", "1", "2", "3", "4", "5"),
                MaxParallel = 1,
                Output = "out",
                Environment = v => [new("I", v["item"])],
            },
        ]) { DefinitionHash = "w" };
        using var cancel = new CancellationTokenSource();

        var run = new DurableTaskEngine().RunAsync(DurableRequests.For([workflow]), cancel.Token);
        for (var i = 0; i < 1200 && !File.Exists(blocked) && !run.IsCompleted; i++)
        {
            await Task.Delay(100);
        }

        Assert.IsTrue(File.Exists(blocked), "item 3 never started");
        await cancel.CancelAsync();
        var result = await run;

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Cancelled, step.Status);
        CollectionAssert.AreEqual(
            new[] { StepStatus.Succeeded, StepStatus.Succeeded, StepStatus.Succeeded, StepStatus.Cancelled, StepStatus.NotRun, StepStatus.NotRun },
            step.Items!.Select(i => i.Status).ToArray());
        Assert.AreEqual("x2", step.Items![2].Output);
        File.Delete(blocked);
    }

    [TestMethod]
    public async Task AMalformedTaskHubNameIsABadCommandLineNotAStoreProblem()
    {
        var log = new StringWriter();
        Workflow[] workflows = [new Workflow("w", [new ShellStep("s", "true")])];

        var exitCode = await WorkflowProgram.RunAsync(
            ["--engine", "durabletask", "--connection", AzuriteFixture.Server.ConnectionString, "--task-hub", "1-bad", "-q"], workflows, "prog", options => options.Log = log);

        Assert.AreEqual(2, exitCode, log.ToString());
        StringAssert.Contains(log.ToString(), "the task hub '1-bad' given by --task-hub / LLMC_DURABLETASK_HUB is not valid");
    }

    [TestMethod]
    public async Task AnUnknownEngineNameListsTheEnginesOfAProgramThatHasTheDurableOneWithoutSayingToRebuild()
    {
        var log = new StringWriter();
        Workflow[] workflows = [new Workflow("w", [new ShellStep("s", "true")])];

        var exitCode = await WorkflowProgram.RunAsync(["--engine", "durable", "-q"], workflows, "prog", options => options.Log = log);

        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(log.ToString(), "this program has no engine 'durable' (--engine / LLMC_ENGINE); it has: embedded, durabletask");
        Assert.IsFalse(log.ToString().Contains("LlmCompilerDurableTask", StringComparison.Ordinal), log.ToString());
    }
}
