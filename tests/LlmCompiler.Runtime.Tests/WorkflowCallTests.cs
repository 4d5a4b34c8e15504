using System.Text.Json;
using LlmCompiler.Runtime.CompilerServices;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Workflow steps (<c>type: workflow</c>): inputs, outputs, foreach, failures, nesting in the run file, and what a run starts.</summary>
[TestClass]
public sealed class WorkflowCallTests
{
    private static WorkflowRunOptions Quiet() => new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    /// <summary>A workflow that doubles its input <c>text</c> (<c>printf '%s%s'</c>) and returns it as <c>twice</c> and the input as <c>given</c>.</summary>
    private static Workflow Doubler(string command = "printf '%s%s' \"$T\" \"$T\"") => new("doubler",
    [
        new ShellStep("double", command) { Output = "doubled", Environment = v => [new("T", v["text"])] },
    ])
    {
        Inputs = [new WorkflowInput("text", WorkflowInputType.String) { Required = true }, new WorkflowInput("n", WorkflowInputType.Number) { Default = "1" }],
        Outputs = [new WorkflowOutput("twice", v => v["doubled"]), new WorkflowOutput("given", v => v["text"] + "/" + v["n"])],
        IsCalled = true,
    };

    [TestMethod]
    public async Task ACallRunsTheWorkflowWithItsInputsAndReturnsItsOutputsAsAJsonObject()
    {
        var callee = Doubler();
        var main = new Workflow("main",
        [
            new WorkflowCallStep("call", callee) { With = _ => [new("text", "ab")], Output = "s" },
            new ShellStep("use", "printf '%s' \"$S\"") { Output = "used", Environment = v => [new("S", Values.Field(v["s"], "twice"))] },
        ]);
        var result = await WorkflowRunner.RunAsync([callee, main], Quiet());

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows.SelectMany(w => w.Steps).FirstOrDefault(s => s.Error is not null)?.Error);
        var run = result.Workflows.Single();
        Assert.AreEqual("main", run.Name, "the called workflow is not started on its own");
        Assert.AreEqual("{\"twice\":\"abab\",\"given\":\"ab/1\"}", run.Variables["s"]);
        Assert.AreEqual("abab", run.Variables["used"]);
        var call = run.Steps[0].Call!;
        Assert.AreEqual("doubler", call.Name);
        Assert.AreEqual(StepStatus.Succeeded, call.Steps[0].Status);
        Assert.AreEqual("abab", call.Variables["doubled"]);
    }

    [TestMethod]
    public async Task AForeachCallReturnsAnArrayOfObjectsOnePerItemEachWithItsOwnVariables()
    {
        var callee = Doubler("sleep 0.$((3 - ${#T})); printf '%s%s' \"$T\" \"$T\"");
        var step = new WorkflowCallStep("calls", callee)
        {
            Foreach = ForeachSource.List("a", "bb", "ccc"),
            MaxParallel = 3,
            With = v => [new("text", v["item"]), new("n", v["index"])],
            Output = "all",
        };
        var result = await WorkflowRunner.RunAsync([new Workflow("main", [step])], Quiet());

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        Assert.AreEqual(
            "[{\"twice\":\"aa\",\"given\":\"a/0\"},{\"twice\":\"bbbb\",\"given\":\"bb/1\"},{\"twice\":\"cccccc\",\"given\":\"ccc/2\"}]",
            result.Workflows[0].Variables["all"]);
        var items = result.Workflows[0].Steps[0].Items!;
        CollectionAssert.AreEqual(new[] { "aa", "bbbb", "cccccc" }, items.Select(i => i.Call!.Variables["doubled"]).ToArray());
    }

    [TestMethod]
    public async Task AFailedCalledStepFailsTheCallNamingItAndTheRunFileNestsTheCalledRun()
    {
        var callee = new Workflow("helper",
        [
            new ShellStep("ok", "true"),
            new ShellStep("broken", "echo nope >&2; exit 3"),
            new ShellStep("never", "true"),
        ]) { IsCalled = true };
        var step = new WorkflowCallStep("call", callee) { Foreach = ForeachSource.List("x"), Output = "out" };
        var result = await WorkflowRunner.RunAsync([callee, new Workflow("main", [step])], Quiet());

        var call = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, call.Status);
        Assert.AreEqual("item 0 failed: workflow 'helper' failed at step 'broken': command exited with code 3: nope", call.Error);

        var path = Path.Combine(Path.GetTempPath(), $"llmc-call-{Guid.NewGuid():N}.json");
        try
        {
            await RunFile.WriteAsync(path, result, "prog");
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var item = document.RootElement.GetProperty("workflows").GetProperty("main").GetProperty("steps")[0].GetProperty("items")[0];
            var nested = item.GetProperty("workflow");
            Assert.AreEqual("helper", nested.GetProperty("name").GetString());
            Assert.AreEqual("failed", nested.GetProperty("status").GetString());
            var steps = nested.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()} {s.GetProperty("status").GetString()}").ToArray();
            CollectionAssert.AreEqual(new[] { "ok succeeded", "broken failed", "never not_run" }, steps);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task AnInputOfTheWrongTypeFailsTheCallBeforeAnyCalledStepRuns()
    {
        var callee = Doubler();
        var step = new WorkflowCallStep("call", callee) { With = _ => [new("text", "a"), new("n", "many")], Output = "s" };
        var result = await WorkflowRunner.RunAsync([new Workflow("main", [step])], Quiet());

        var call = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, call.Status);
        StringAssert.Contains(call.Error, "workflow 'doubler' was called with bad inputs: input 'n' of workflow 'doubler' must be a number, not 'many'");
        Assert.IsNull(call.Call);
    }

    [TestMethod]
    public async Task AWorkflowThatNoStepCallsStillRunsAndACalledOneRunsAloneWhenAskedDirectly()
    {
        var callee = Doubler();
        var alone = await WorkflowRunner.RunAsync(callee, new Dictionary<string, string> { ["text"] = "z" }, Quiet());
        Assert.AreEqual(RunStatus.Succeeded, alone.Status);
        Assert.AreEqual("zz", alone.Workflows[0].Variables["doubled"]);
    }

    [TestMethod]
    public void AFieldOfAJsonValueReadsAsTextOrJsonAndAMissingFieldAsEmpty()
    {
        const string Json = "{\"a\":{\"b\":\"text\",\"n\":0.5,\"ok\":true,\"list\":[1,2]},\"none\":null}";
        Assert.AreEqual("text", Values.Field(Json, "a", "b"));
        Assert.AreEqual("0.5", Values.Field(Json, "a", "n"));
        Assert.AreEqual("true", Values.Field(Json, "a", "ok"));
        Assert.AreEqual("[1,2]", Values.Field(Json, "a", "list"));
        Assert.AreEqual(string.Empty, Values.Field(Json, "none"));
        Assert.AreEqual(string.Empty, Values.Field(Json, "a", "missing"));
        Assert.AreEqual(string.Empty, Values.Field("not json", "a"));
        Assert.AreEqual(string.Empty, Values.Field(string.Empty, "a"));
    }

    [TestMethod]
    public async Task AForeachSourceCanBeAnArrayFieldOfAJsonValue()
    {
        var steps = new WorkflowStep[]
        {
            new ShellStep("make", "printf '%s' '{\"tags\":[\"x\",\"y\"]}'") { Output = "r" },
            new ShellStep("each", "printf '<%s>' \"$I\"") { Foreach = ForeachSource.Array("r", "tags"), Output = "out", Environment = v => [new("I", v["item"])] },
        };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", steps)], Quiet());
        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[1].Error);
        Assert.AreEqual("[\"<x>\",\"<y>\"]", result.Workflows[0].Variables["out"]);
    }
}
