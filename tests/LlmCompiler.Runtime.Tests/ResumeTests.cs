namespace LlmCompiler.Runtime.Tests;

/// <summary><c>--resume</c>: what succeeded is restored from the run file, the rest runs; other definitions are refused.</summary>
[TestClass]
public sealed class ResumeTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmc-resume-" + Guid.NewGuid().ToString("N"));

    [TestInitialize]
    public void CreateDirectory() => Directory.CreateDirectory(_directory);

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string Log => Path.Combine(_directory, "log");

    private string Flag => Path.Combine(_directory, "flag");

    private static WorkflowRunOptions Quiet(RunResult? resume = null) =>
        new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, ResumeFrom = resume };

    /// <summary>A step that records each run of it in the log, then prints <paramref name="print"/>.</summary>
    private ShellStep Counted(string name, string print, string? output = null) =>
        new(name, $"echo {name} >> '{Log}'; printf '%s' \"{print}\"") { Output = output, Environment = v => [new("A", v["a"])] };

    /// <summary>A step that fails until the flag file exists.</summary>
    private ShellStep FailsUntilFlag(string name) => new(name, $"echo {name} >> '{Log}'; test -e '{Flag}'");

    private string[] Runs() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    /// <summary>Writes the run file and reads it back, as <c>--resume</c> does.</summary>
    private async Task<RunResult> RoundTrip(RunResult result)
    {
        var path = Path.Combine(_directory, "run.json");
        await RunFile.WriteAsync(path, result, "prog");
        return await RunFile.ReadAsync(path);
    }

    private Workflow ThreeSteps(string? hash = "h1") => new("w",
    [
        Counted("first", "one", output: "a"),
        FailsUntilFlag("second"),
        Counted("third", "got $A", output: "c"),
    ])
    { DefinitionHash = hash };

    [TestMethod]
    public async Task AResumedRunRunsOnlyTheStepsThatHadNotSucceededAndRestoresTheOutputsOfTheOthers()
    {
        var failed = await WorkflowRunner.RunAsync([ThreeSteps()], Quiet());
        Assert.AreEqual(RunStatus.Failed, failed.Status);
        CollectionAssert.AreEqual(new[] { "first", "second" }, Runs());

        File.WriteAllText(Flag, string.Empty);
        var resumed = await WorkflowRunner.RunAsync([ThreeSteps()], Quiet(await RoundTrip(failed)));

        Assert.AreEqual(RunStatus.Succeeded, resumed.Status, resumed.Workflows[0].Steps[1].Error);
        CollectionAssert.AreEqual(new[] { "first", "second", "second", "third" }, Runs(), "the first step succeeded before and must not run again");
        var steps = resumed.Workflows[0].Steps;
        Assert.IsTrue(steps[0].Resumed);
        Assert.AreEqual("one", steps[0].Output);
        Assert.IsFalse(steps[1].Resumed);
        Assert.AreEqual("got one", resumed.Workflows[0].Variables["c"], "a later step reads the restored output");
    }

    [TestMethod]
    public async Task AResumedForeachRunsOnlyItsItemsThatHadNotSucceeded()
    {
        Workflow Build() => new("w",
        [
            new ShellStep("each", $"echo \"item $ITEM\" >> '{Log}'; {{ test \"$ITEM\" != b || test -e '{Flag}'; }} && printf 'x-%s' \"$ITEM\"")
            {
                Foreach = ForeachSource.List("a", "b", "c", "d"),
                Output = "out",
                FailFast = false,
                MaxParallel = 1,
                Environment = v => [new("ITEM", v["item"])],
            },
        ]);

        var failed = await WorkflowRunner.RunAsync([Build()], Quiet());
        Assert.AreEqual(RunStatus.Failed, failed.Status);
        File.WriteAllText(Flag, string.Empty);
        var resumed = await WorkflowRunner.RunAsync([Build()], Quiet(await RoundTrip(failed)));

        Assert.AreEqual(RunStatus.Succeeded, resumed.Status);
        CollectionAssert.AreEqual(new[] { "item a", "item b", "item c", "item d", "item b" }, Runs());
        Assert.AreEqual("[\"x-a\",\"x-b\",\"x-c\",\"x-d\"]", resumed.Workflows[0].Variables["out"]);
        CollectionAssert.AreEqual(new[] { true, false, true, true }, resumed.Workflows[0].Steps[0].Items!.Select(i => i.Resumed).ToArray());
    }

    [TestMethod]
    public async Task ARunFileOfAnotherDefinitionIsRefusedNamingTheWorkflowBeforeAnythingRuns()
    {
        var failed = await RoundTrip(await WorkflowRunner.RunAsync([ThreeSteps()], Quiet()));
        File.Delete(Log);

        var refused = await Assert.ThrowsExactlyAsync<ResumeRefusedException>(() => WorkflowRunner.RunAsync([ThreeSteps("h2")], Quiet(failed)));

        Assert.AreEqual("w", refused.Workflow);
        StringAssert.Contains(refused.Message, "workflow 'w' changed");
        Assert.AreEqual(0, Runs().Length);
    }

    [TestMethod]
    public async Task AWorkflowMissingFromTheRunFileIsRefused()
    {
        var failed = await RoundTrip(await WorkflowRunner.RunAsync([ThreeSteps()], Quiet()));
        var other = new Workflow("other", [new ShellStep("s", "true")]);

        var refused = await Assert.ThrowsExactlyAsync<ResumeRefusedException>(() => WorkflowRunner.RunAsync([ThreeSteps(), other], Quiet(failed)));

        Assert.AreEqual("other", refused.Workflow);
    }

    [TestMethod]
    public async Task InputsComeFromTheRunFileUnlessGivenAgain()
    {
        Workflow Build() => new("w", [new ShellStep("s", $"test -e '{Flag}' && printf '%s' \"$T\"") { Output = "o", Environment = v => [new("T", v["topic"])] }])
        {
            Inputs = [new WorkflowInput("topic", WorkflowInputType.String) { Required = true }],
        };
        var options = Quiet();
        options.Inputs["topic"] = "first";
        var failed = await RoundTrip(await WorkflowRunner.RunAsync([Build()], options));
        Assert.AreEqual("first", failed.Workflows[0].Inputs["topic"]);
        File.WriteAllText(Flag, string.Empty);

        var reused = await WorkflowRunner.RunAsync([Build()], Quiet(failed));
        var again = Quiet(failed);
        again.Inputs["w.topic"] = "second";
        var overridden = await WorkflowRunner.RunAsync([Build()], again);

        Assert.AreEqual("first", reused.Workflows[0].Variables["o"]);
        Assert.AreEqual("second", overridden.Workflows[0].Variables["o"]);
    }

    [TestMethod]
    public async Task ARestoredWaitingStepGetsBackTheValueItReceived()
    {
        Workflow[] Build() =>
        [
            new("producer", [new ShellStep("make", "printf made") { Output = "made" }]),
            new("consumer",
            [
                new ShellStep("take", $"echo take >> '{Log}'; printf '%s' \"$V\"") { WaitFor = "producer.make", Output = "taken", Environment = v => [new("V", v["producer.make"])] },
                new ShellStep("use", $"test -e '{Flag}' && printf 'used %s' \"$V\"") { Output = "used", Environment = v => [new("V", v["producer.make"])] },
            ]),
        ];

        var failed = await RoundTrip(await WorkflowRunner.RunAsync(Build(), Quiet()));
        File.WriteAllText(Flag, string.Empty);
        var resumed = await WorkflowRunner.RunAsync(Build(), Quiet(failed));

        Assert.AreEqual(RunStatus.Succeeded, resumed.Status);
        Assert.AreEqual("used made", resumed.Workflows[1].Variables["used"]);
        Assert.AreEqual(1, Runs().Length, "the waiting step succeeded before");
    }

    [TestMethod]
    public async Task ARunFileThatIsNotJsonIsRefusedAsUnreadable()
    {
        var path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, "{ not json");

        await Assert.ThrowsExactlyAsync<InvalidDataException>(() => RunFile.ReadAsync(path));
    }
}
