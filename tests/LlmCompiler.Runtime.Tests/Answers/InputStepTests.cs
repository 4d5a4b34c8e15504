using System.Text.Json;

namespace LlmCompiler.Runtime.Tests.Answers;

/// <summary>Input steps under the embedded engine: where an answer comes from, what it must be, and how the run file records it.</summary>
[TestClass]
public sealed class InputStepTests
{
    private static InputStep Approve(TimeSpan? timeout = null, string? fallback = null) =>
        new("approve", v => $"Ship {v["version"]}?") { Options = ["approve", "reject"], Output = "decision", Timeout = timeout, Default = fallback };

    private static Workflow Release(params WorkflowStep[] steps) => new("release", steps);

    private static WorkflowRunOptions Options(params (string Question, string Answer)[] answers)
    {
        var options = new WorkflowRunOptions { Output = new StringWriter(), Log = TextWriter.Synchronized(new StringWriter()), Quiet = true };
        foreach (var (question, answer) in answers)
        {
            options.Answers[question] = answer;
        }

        return options;
    }

    [TestMethod]
    public async Task AScriptedAnswerIsTheOutputAndTheRunFileRecordsWhoWhenAndViaTest()
    {
        var workflow = Release(Approve(), new ShellStep("ship", "echo \"$D\"") { Condition = v => v["decision"] == "approve", Environment = v => [new("D", v["decision"])], Output = "shipped" });
        var runFile = Path.Combine(Path.GetTempPath(), "llmc-input-" + Guid.NewGuid().ToString("N") + ".json");

        var result = await WorkflowRunner.RunAsync([workflow], Options(("release.approve", "approve")));
        await RunFile.WriteAsync(runFile, result, "prog");

        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        var approve = result.Workflows[0].Steps[0];
        Assert.AreEqual("approve", approve.Output);
        Assert.AreEqual(AnswerRecord.Test, approve.Answer!.Via);
        Assert.AreEqual("approve", result.Workflows[0].Steps[1].Output, "the answer reached the next step's condition and environment");
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(runFile));
        var answer = written.RootElement.GetProperty("workflows").GetProperty("release").GetProperty("steps")[0].GetProperty("answer");
        Assert.AreEqual("test", answer.GetProperty("via").GetString());
        Assert.AreEqual("test", answer.GetProperty("who").GetString());
        Assert.IsTrue(answer.TryGetProperty("when", out _));
        Assert.AreEqual("test", (await RunFile.ReadAsync(runFile)).Workflows[0].Steps[0].Answer!.Via, "the reader reads the record back");
        File.Delete(runFile);
    }

    [TestMethod]
    public async Task AnAnswerOutsideTheOptionsFailsTheStepNamingTheOptionsAndTheClosestOne()
    {
        var result = await WorkflowRunner.RunAsync([Release(Approve())], Options(("release.approve", "aprove")));

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "'aprove' is not one of the options: approve, reject (did you mean 'approve'?)");
    }

    [TestMethod]
    public async Task ATimeoutTakesTheDefaultAndRecordsItViaTimeout()
    {
        var result = await WorkflowRunner.RunAsync([Release(Approve(TimeSpan.FromMilliseconds(50), "reject"))], Options());

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Succeeded, step.Status, step.Error);
        Assert.AreEqual("reject", step.Output);
        Assert.AreEqual(AnswerRecord.Timeout, step.Answer!.Via);
    }

    [TestMethod]
    public async Task AQuestionNobodyCanAnswerFailsTheStepInsteadOfWaitingForever()
    {
        var result = await WorkflowRunner.RunAsync([Release(Approve())], Options());

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "no answer to release.approve");
    }

    [TestMethod]
    public async Task AForeachInputStepAsksOncePerItem()
    {
        var targets = new InputStep("targets", v => $"Ship to {v["item"]}?") { Options = ["go", "stop"], Foreach = ForeachSource.List("linux", "mac", "bsd"), Output = "per_target" };

        var result = await WorkflowRunner.RunAsync([Release(targets)], Options(("release.targets", "go"), ("release.targets[1]", "stop")));

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Succeeded, step.Status, step.Error);
        Assert.AreEqual("[\"go\",\"stop\",\"go\"]", step.Output);
        Assert.AreEqual(3, step.Items!.Count);
        Assert.IsTrue(step.Items.All(i => i.Answer?.Via == AnswerRecord.Test));
    }

    [TestMethod]
    public async Task AStructuredAnswerMustBeValidForTheSchemaAndIsStoredAsCompactJson()
    {
        const string Schema = """{"type":"object","properties":{"title":{"type":"string"}},"required":["title"]}""";
        var notes = new InputStep("notes", _ => "Notes?") { OutputSchema = Schema, Output = "notes" };

        var good = await WorkflowRunner.RunAsync([Release(notes)], Options(("release.notes", "{ \"title\": \"v2\" }")));
        var bad = await WorkflowRunner.RunAsync([Release(notes)], Options(("release.notes", "{ \"name\": \"v2\" }")));

        Assert.AreEqual("{\"title\":\"v2\"}", good.Workflows[0].Steps[0].Output);
        Assert.AreEqual(StepStatus.Failed, bad.Workflows[0].Steps[0].Status);
        StringAssert.Contains(bad.Workflows[0].Steps[0].Error, "not valid for the step's schema");
    }

    [TestMethod]
    public async Task RecordingKeepsEachAnswerAndAReplayAnswersAsTheRecordedRunWasAnswered()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-answers-").FullName;
        var record = Options(("release.approve", "approve"));
        record.Recording = new ModelRecordingOptions(directory, ModelRecordingMode.Record);
        var replay = Options();
        replay.Recording = new ModelRecordingOptions(directory, ModelRecordingMode.Replay);

        await WorkflowRunner.RunAsync([Release(Approve())], record);
        var replayed = await WorkflowRunner.RunAsync([Release(Approve())], replay);

        Assert.IsTrue(File.Exists(Path.Combine(directory, "answers", "release.approve.json")));
        var step = replayed.Workflows[0].Steps[0];
        Assert.AreEqual("approve", step.Output, step.Error);
        Assert.AreEqual(AnswerRecord.Test, step.Answer!.Via, "the replay keeps who answered the recorded run, and how");
        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    public async Task AReplayWithoutARecordedAnswerFailsTheStepSayingSo()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-answers-").FullName;
        var replay = Options();
        replay.Recording = new ModelRecordingOptions(directory, ModelRecordingMode.Replay);

        var result = await WorkflowRunner.RunAsync([Release(Approve())], replay);

        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "--replay: no recorded answer to release.approve");
        Directory.Delete(directory, recursive: true);
    }
}
