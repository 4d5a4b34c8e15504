namespace LlmCompiler.Runtime.Tests;

/// <summary>Resume restores exactly what finished: the items of a cancelled foreach, and nothing from an edited called workflow.</summary>
[TestClass]
public sealed class ResumeAfterCancelAndEditTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmc-resume2-" + Guid.NewGuid().ToString("N"));

    [TestInitialize]
    public void CreateDirectory() => Directory.CreateDirectory(_directory);

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static WorkflowRunOptions Quiet(RunResult? resume = null) =>
        new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, ResumeFrom = resume };

    private async Task<RunResult> RoundTrip(RunResult result)
    {
        var path = Path.Combine(_directory, "run.json");
        await RunFile.WriteAsync(path, result, "prog");
        return await RunFile.ReadAsync(path);
    }

    [TestMethod]
    public async Task ACancelledForeachRecordsEveryItemThatFinishedAndResumeRunsOnlyTheOthers()
    {
        // One at a time: items 0-2 finish, item 3 blocks until the run is cancelled, 4 and 5 never start.
        var log = Path.Combine(_directory, "log");
        var blocked = Path.Combine(_directory, "blocked");
        Workflow Build() => new("w",
        [
            new ShellStep("each", $"echo \"$I\" >> '{log}'; if [ \"$I\" = 3 ] && [ ! -e '{_directory}/go' ]; then touch '{blocked}'; sleep 120; fi; printf 'x%s' \"$I\"")
            {
                Foreach = ForeachSource.List("0", "1", "2", "3", "4", "5"),
                MaxParallel = 1,
                Output = "out",
                Environment = v => [new("I", v["item"])],
            },
        ]) { DefinitionHash = "h" };
        using var cancel = new CancellationTokenSource();
        var run = WorkflowRunner.RunAsync([Build()], Quiet(), cancel.Token);
        while (!File.Exists(blocked))
        {
            Assert.IsFalse(run.IsCompleted, "the run ended before item 3 started");
            await Task.Delay(50);
        }

        await cancel.CancelAsync();
        var cancelled = await RoundTrip(await run);

        var step = cancelled.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Cancelled, step.Status);
        var statuses = step.Items!.Select(i => i.Status).ToArray();
        CollectionAssert.AreEqual(new[] { StepStatus.Succeeded, StepStatus.Succeeded, StepStatus.Succeeded }, statuses[..3], string.Join(", ", statuses));
        CollectionAssert.AreEqual(new[] { StepStatus.Cancelled, StepStatus.NotRun, StepStatus.NotRun }, statuses[3..]);
        Assert.AreEqual("x1", step.Items![1].Output);

        File.WriteAllText(Path.Combine(_directory, "go"), string.Empty);
        File.Delete(log);
        var resumed = await WorkflowRunner.RunAsync([Build()], Quiet(cancelled));

        Assert.AreEqual(RunStatus.Succeeded, resumed.Status);
        CollectionAssert.AreEqual(new[] { "3", "4", "5" }, File.ReadAllLines(log), "the items that had finished are restored, not run");
        Assert.AreEqual("[\"x0\",\"x1\",\"x2\",\"x3\",\"x4\",\"x5\"]", resumed.Workflows[0].Variables["out"]);
    }

    [TestMethod]
    public async Task ResumeRefusesARunWhoseCalledWorkflowChangedNamingTheWorkflowThatChanged()
    {
        // top -> mid -> leaf; leaf is edited (another hash) between the run and the resume.
        Workflow[] Build(string leafHash, string leafValue)
        {
            var leaf = new Workflow("leaf", [new ShellStep("v", $"printf {leafValue}") { Output = "v" }])
            {
                IsCalled = true,
                DefinitionHash = leafHash,
                Outputs = [new WorkflowOutput("v", v => v["v"])],
            };
            var mid = new Workflow("mid", [new WorkflowCallStep("call_leaf", leaf) { Output = "r" }])
            {
                IsCalled = true,
                DefinitionHash = "mid",
                Outputs = [new WorkflowOutput("v", v => v["r"])],
            };
            var top = new Workflow("top", [new WorkflowCallStep("call_mid", mid) { Output = "r" }, new ShellStep("fail", "exit 1")]) { DefinitionHash = "top" };
            return [leaf, mid, top];
        }

        var failed = await RoundTrip(await WorkflowRunner.RunAsync(Build("leaf1", "42"), Quiet()));
        Assert.AreEqual(RunStatus.Failed, failed.Status);

        var unchanged = await WorkflowRunner.RunAsync(Build("leaf1", "42"), Quiet(failed));
        Assert.IsTrue(unchanged.Workflows.Single().Steps[0].Resumed, "an unchanged callee's call is restored");

        var refused = await Assert.ThrowsExactlyAsync<ResumeRefusedException>(() => WorkflowRunner.RunAsync(Build("leaf2", "63"), Quiet(failed)));
        Assert.AreEqual("top", refused.Workflow);
        StringAssert.Contains(refused.Message, "workflow 'top' calls workflow 'leaf', which changed");
    }
}
