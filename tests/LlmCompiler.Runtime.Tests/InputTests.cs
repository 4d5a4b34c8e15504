using LlmCompiler.Runtime;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Workflow inputs: values, defaults and every problem reported before anything runs.</summary>
[TestClass]
public sealed class InputTests
{
    private static readonly WorkflowRunOptions Quiet = new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    private static Workflow Flow(string name, string marker) => new(name, [new ShellStep("touch", $"touch {marker}")])
    {
        Inputs =
        [
            new WorkflowInput("topic", WorkflowInputType.String) { Required = true },
            new WorkflowInput("count", WorkflowInputType.Number) { Default = "3" },
            new WorkflowInput("verbose", WorkflowInputType.Boolean),
        ],
    };

    [TestMethod]
    public async Task ValuesAndDefaultsBecomeVariables()
    {
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
        options.Inputs["topic"] = "cats";
        options.Inputs["a.verbose"] = " TRUE ";
        var marker = Path.GetTempFileName();
        var result = await WorkflowRunner.RunAsync([Flow("a", marker)], options);
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        var variables = result.Workflows[0].Variables;
        Assert.AreEqual("cats", variables["topic"]);
        Assert.AreEqual("3", variables["count"]);
        Assert.AreEqual("true", variables["verbose"]);
    }

    [TestMethod]
    public async Task MissingUnknownAndMistypedInputsFailBeforeAnythingRuns()
    {
        var marker = Path.Combine(Path.GetTempPath(), "llmc-input-" + Guid.NewGuid().ToString("N"));
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
        options.Inputs["count"] = "many";
        options.Inputs["verbose"] = "yes";
        options.Inputs["colour"] = "red";
        var error = await Assert.ThrowsExactlyAsync<InvalidInputsException>(() => WorkflowRunner.RunAsync([Flow("a", marker)], options));
        Assert.AreEqual(4, error.Problems.Count, error.Message);
        StringAssert.Contains(error.Message, "unknown input 'colour'");
        StringAssert.Contains(error.Message, "workflow 'a' needs input 'topic' (a string): --input topic=VALUE");
        StringAssert.Contains(error.Message, "input 'count' of workflow 'a' must be a number, not 'many'");
        StringAssert.Contains(error.Message, "input 'verbose' of workflow 'a' must be a boolean (true or false), not 'yes'");
        Assert.IsFalse(File.Exists(marker), "nothing may run when inputs are invalid");
    }

    [TestMethod]
    public async Task TheSingleWorkflowOverloadTakesInputsAsADictionary()
    {
        var result = await WorkflowRunner.RunAsync(Flow("a", Path.GetTempFileName()), new Dictionary<string, string> { ["topic"] = "dogs", ["count"] = "-1.5e2" }, Quiet);
        Assert.AreEqual("dogs", result.Workflows[0].Variables["topic"]);
        Assert.AreEqual("-1.5e2", result.Workflows[0].Variables["count"]);
        Assert.AreEqual("false", result.Workflows[0].Variables["verbose"]);
    }
}
