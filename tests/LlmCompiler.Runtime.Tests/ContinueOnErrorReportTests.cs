using System.Text.RegularExpressions;

namespace LlmCompiler.Runtime.Tests;

/// <summary>What the console says of a run that went on through failures (<c>continue_on_error</c>): never a bare "ok".</summary>
[TestClass]
public sealed partial class ContinueOnErrorReportTests
{
    /// <summary>Item 1 of 3 fails, then a plain step fails; both go on.</summary>
    private static Workflow FailingButGoingOn() => new("w",
    [
        new ShellStep("each", "[ \"$INDEX\" != 1 ]")
        {
            Foreach = ForeachSource.List("a", "b", "c"),
            ContinueOnError = true,
            Environment = v => [new("INDEX", v["index"])],
        },
        new ShellStep("build", "exit 1") { ContinueOnError = true },
    ]);

    private static async Task<string[]> RunAsync(bool quiet)
    {
        var log = new StringWriter();
        var result = await WorkflowRunner.RunAsync([FailingButGoingOn()], new WorkflowRunOptions { Log = log, Output = TextWriter.Null, Quiet = quiet });
        Assert.AreEqual(RunStatus.Succeeded, result.Status, log.ToString());
        return log.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    [TestMethod]
    public async Task AForeachStepWhoseItemsFailedSaysHowManyInItsOkLine()
    {
        var lines = await RunAsync(quiet: false);
        var line = lines.Single(l => l.StartsWith("[w] each: ok", StringComparison.Ordinal));
        Assert.IsTrue(OkWithFailedItems().IsMatch(line), line);
    }

    [TestMethod]
    public async Task ARunThatSucceededOnlyThroughContinueOnErrorSaysSoInTheSummary()
    {
        var summary = (await RunAsync(quiet: false))[^1];
        StringAssert.StartsWith(summary, "1 workflow succeeded in ");
        StringAssert.EndsWith(summary, ", with failures allowed by continue_on_error in: each (1 of 3 items), build");
    }

    [TestMethod]
    public async Task QuietStillPrintsTheSummaryOfARunWithAllowedFailures()
    {
        var summary = (await RunAsync(quiet: true))[^1];
        StringAssert.EndsWith(summary, "with failures allowed by continue_on_error in: each (1 of 3 items), build");
    }

    [GeneratedRegex(@"^\[w\] each: ok, 1 of 3 items failed \((\d+ ms|\d+\.\d s)\)$")]
    private static partial Regex OkWithFailedItems();
}
