using System.Text.Json;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Shell steps with a schema (<see cref="WorkflowStep.OutputSchema"/>): stdout parsed, validated and kept as compact JSON.</summary>
[TestClass]
public sealed class StructuredShellTests
{
    private const string Schema = """
        {"type":"object","properties":{"label":{"type":"string","enum":["bug","feature"]},"confidence":{"type":"number"}},"required":["label","confidence"]}
        """;

    private static async Task<StepResult> RunAsync(string command, string schema = Schema, ForeachSource? each = null)
    {
        var step = new ShellStep("triage", command) { Output = "r", OutputSchema = schema, Foreach = each, Environment = v => each is null ? [] : [new("ITEM", v["item"])] };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null });
        var stepResult = result.Workflows[0].Steps[0];
        if (stepResult.Status == StepStatus.Succeeded)
        {
            Assert.AreEqual(stepResult.Output, result.Workflows[0].Variables["r"]);
        }

        return stepResult;
    }

    [TestMethod]
    public async Task ValidStdoutBecomesCompactJson()
    {
        var step = await RunAsync("printf '{\\n  \"label\": \"bug\",\\n  \"confidence\": 0.75, \"note\": \"é\"\\n}\\n'");
        Assert.AreEqual(StepStatus.Succeeded, step.Status, step.Error);
        Assert.AreEqual("{\"label\":\"bug\",\"confidence\":0.75,\"note\":\"é\"}", step.Output);
    }

    [TestMethod]
    public async Task StdoutThatIsNotJsonFailsTheStepQuotingWhereItBroke()
    {
        var step = await RunAsync("printf '{\"label\": \"bug\",\\n \"confidence\": high}'");
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "not JSON: line 2, column 16", step.Error);
        StringAssert.Contains(step.Error, "\"confidence\": h'", step.Error);
    }

    [TestMethod]
    public async Task StdoutThatBreaksTheSchemaFailsTheStepNamingTheField()
    {
        var step = await RunAsync("echo '{\"label\": \"question\"}'");
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "does not match the schema", step.Error);
        StringAssert.Contains(step.Error, "/label:", step.Error);
        StringAssert.Contains(step.Error, "confidence", step.Error);
    }

    [TestMethod]
    public async Task EmptyStdoutFailsTheStep()
    {
        var step = await RunAsync("true");
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "empty", step.Error);
    }

    [TestMethod]
    public async Task AForeachStepWithASchemaHoldsAnArrayOfJsonValues()
    {
        var step = await RunAsync("printf '{\"n\": %s}' \"$ITEM\"", """{"type":"object","properties":{"n":{"type":"integer"}}}""", ForeachSource.List("1", "2"));
        Assert.AreEqual(StepStatus.Succeeded, step.Status, step.Error);
        Assert.AreEqual("[{\"n\":1},{\"n\":2}]", step.Output);
        using var document = JsonDocument.Parse(step.Output!);
        Assert.AreEqual(2, document.RootElement[1].GetProperty("n").GetInt32());
    }
}
