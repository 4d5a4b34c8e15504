namespace LlmCompiler.Runtime.Tests;

/// <summary>The progress line of a foreach step's items, and <c>--quiet</c> (<see cref="WorkflowRunOptions.Quiet"/>) silencing it.</summary>
[TestClass]
public sealed class ForeachProgressTests
{
    /// <summary>Three items one after another; item 1 fails and the step goes on (continue_on_error).</summary>
    private static Workflow ThreeItems() => new("w",
    [
        new ShellStep("each", "[ \"$INDEX\" != 1 ]")
        {
            Foreach = ForeachSource.List("a", "b", "c"),
            MaxParallel = 1,
            ContinueOnError = true,
            Environment = v => [new("INDEX", v["index"])],
        },
    ]);

    [TestMethod]
    public async Task ALongStepPrintsItsItemsDoneAndFailedSoFar()
    {
        // An interval of zero makes every finished item "long enough" to report, so the lines do not depend on speed.
        var log = new StringWriter();
        var result = await WorkflowRunner.RunAsync([ThreeItems()], new WorkflowRunOptions { Log = log, Output = TextWriter.Null, ProgressInterval = TimeSpan.Zero });
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        var lines = log.ToString().Split('\n', StringSplitOptions.TrimEntries).Where(l => l.Contains("/3 items", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(new[] { "[w] each: 1/3 items", "[w] each: 2/3 items (1 failed)", "[w] each: 3/3 items (1 failed)" }, lines);
    }

    [TestMethod]
    public async Task QuietPrintsNoProgressLine()
    {
        var log = new StringWriter();
        var result = await WorkflowRunner.RunAsync([ThreeItems()], new WorkflowRunOptions { Log = log, Output = TextWriter.Null, Quiet = true, ProgressInterval = TimeSpan.Zero });
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.IsFalse(log.ToString().Contains("/3 items", StringComparison.Ordinal), log.ToString());
    }
}
