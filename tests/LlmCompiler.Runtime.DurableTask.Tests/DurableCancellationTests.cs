namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>Ctrl+C and failing fast under the durable engine: what is in flight is left, cleanup steps run, the record says so.</summary>
[TestClass]
public sealed class DurableCancellationTests
{
    private static string Marker() => Path.Combine(Path.GetTempPath(), "llmc-cancel-" + Guid.NewGuid().ToString("N"));

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 600 && !File.Exists(path); i++)
        {
            await Task.Delay(100);
        }

        Assert.IsTrue(File.Exists(path), $"{path} never appeared");
    }

    [TestMethod]
    public async Task CancellingARunLeavesItsStepsInFlightRunsItsCleanupStepsAndRecordsItCancelled()
    {
        var started = Marker();
        var callee = new Workflow("nap", [new ShellStep("sleep", "sleep 120")]) { IsCalled = true, DefinitionHash = "n" };
        Workflow[] workflows =
        [
            callee,
            new Workflow("long",
            [
                new ShellStep("work", $"touch '{started}'; sleep 120"),
                new ShellStep("after", "true"),
                new ShellStep("cleanup", "printf cleaned") { Condition = v => v.IsCancelled, ChecksStatus = true, Output = "cleaned" },
            ]) { DefinitionHash = "l" },
            new Workflow("caller", [new WorkflowCallStep("call", callee)]) { DefinitionHash = "c" },
        ];
        using var cancel = new CancellationTokenSource();

        var run = new DurableTaskEngine().RunAsync(DurableRequests.For(workflows), cancel.Token);
        await WaitForFileAsync(started);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cancel.CancelAsync();
        var result = await run;

        Assert.AreEqual(RunStatus.Cancelled, result.Status);
        var steps = result.Workflows.Single(w => w.Name == "long").Steps;
        Assert.AreEqual(StepStatus.Cancelled, steps[0].Status);
        Assert.AreEqual(StepStatus.NotRun, steps[1].Status);
        Assert.AreEqual(StepStatus.Succeeded, steps[2].Status, steps[2].Error);
        Assert.IsTrue(steps[2].AfterCancellation);
        Assert.AreEqual("cleaned", result.Workflows.Single(w => w.Name == "long").Variables["cleaned"]);
        Assert.AreEqual(StepStatus.Cancelled, result.Workflows.Single(w => w.Name == "caller").Steps[0].Status);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(90), $"the run waited for steps it had left: {clock.Elapsed}");
        File.Delete(started);
    }

    [TestMethod]
    public async Task AFailingFastForeachCancelsTheItemsInFlightInsteadOfWaitingForThem()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("each", "if [ \"$I\" = 0 ]; then sleep 2; exit 7; fi; sleep 120")
            {
                Foreach = ForeachSource.List("0", "1", "2", "3", "4"),
                MaxParallel = 3,
                Environment = v => [new("I", v["item"])],
            },
        ]) { DefinitionHash = "w" };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new DurableTaskEngine().RunAsync(DurableRequests.For([workflow]), CancellationToken.None);

        Assert.AreEqual(RunStatus.Failed, result.Status);
        var items = result.Workflows[0].Steps[0].Items!;
        Assert.AreEqual(StepStatus.Failed, items[0].Status);
        CollectionAssert.AreEqual(new[] { StepStatus.Cancelled, StepStatus.Cancelled, StepStatus.NotRun, StepStatus.NotRun }, items.Skip(1).Select(i => i.Status).ToArray());
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(90), $"the run waited for the items it had cancelled: {clock.Elapsed}");
    }
}
