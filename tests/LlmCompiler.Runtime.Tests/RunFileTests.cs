using System.Text.Json;

namespace LlmCompiler.Runtime.Tests;

[TestClass]
public sealed class RunFileTests
{
    [TestMethod]
    public async Task TheRunFileRecordsContextsChannelsAndStepDetails()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("ok", "echo fine") { Output = "value" },
            new ShellStep("bad", "exit 4"),
            new ShellStep("later", "true"),
        ]);
        var result = await WorkflowRunner.RunAsync([workflow], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null });
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "run.json");
        await RunFile.WriteAsync(path, result, "prog");

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.AreEqual(RunFile.SchemaVersion, root.GetProperty("schema_version").GetInt32());
        Assert.AreEqual("failed", root.GetProperty("status").GetString());
        Assert.AreEqual(1, root.GetProperty("exit_code").GetInt32());
        Assert.AreEqual("fine", root.GetProperty("contexts").GetProperty("w").GetProperty("value").GetString());
        Assert.AreEqual("fine", root.GetProperty("channels").GetProperty("w.ok").GetProperty("val").GetString());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("channels").GetProperty("w.ok").GetProperty("err").ValueKind);
        StringAssert.Contains(root.GetProperty("channels").GetProperty("w.bad").GetProperty("err").GetString(), "code 4");
        var steps = root.GetProperty("workflows").GetProperty("w").GetProperty("steps");
        Assert.AreEqual(4, steps[1].GetProperty("exit_code").GetInt32());
        Assert.IsTrue(steps[0].GetProperty("duration_ms").GetDouble() >= 0);
        Assert.AreEqual("not_run", steps[2].GetProperty("status").GetString());
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp").Length, "the temporary file must be gone");
    }
}
