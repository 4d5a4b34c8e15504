namespace LlmCompiler.Runtime.Tests;

/// <summary>The program's exit code never lies: an unexpected error is exit 70 with one line, and a bad engine name says what the program has.</summary>
[TestClass]
public sealed class ProgramExitCodeTests
{
    private static readonly Workflow[] Workflows = [new Workflow("w", [new ShellStep("s", "true")]) { DefinitionHash = "w" }];

    private static string RunFile() => Path.Combine(Path.GetTempPath(), "llmc-exit-" + Guid.NewGuid().ToString("N") + ".json");

    [TestMethod]
    public async Task AnUnexpectedErrorDuringARunExits70WithOneLineAndARunFileThatSaysFailedWithTheError()
    {
        var runFile = RunFile();
        var log = new LineFailingWriter("[w] s: ok");

        var exitCode = await WorkflowProgram.RunAsync(["--run-file", runFile], Workflows, "prog", options => options.Log = log);

        Assert.AreEqual(70, exitCode, log.ToString());
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Count(l => l.StartsWith("error: ", StringComparison.Ordinal)), log.ToString());
        StringAssert.Contains(log.ToString(), "error: unexpected error: IOException: the log is full (--verbose shows the stack trace)");
        Assert.IsFalse(log.ToString().Contains("   at ", StringComparison.Ordinal), "no stack trace without --verbose:\n" + log);
        using var written = System.Text.Json.JsonDocument.Parse(File.ReadAllText(runFile));
        Assert.AreEqual("failed", written.RootElement.GetProperty("status").GetString());
        Assert.AreEqual(70, written.RootElement.GetProperty("exit_code").GetInt32());
        Assert.AreEqual("IOException: the log is full", written.RootElement.GetProperty("error").GetString());
        File.Delete(runFile);
    }

    [TestMethod]
    public async Task VerboseAddsTheStackTraceOfAnUnexpectedError()
    {
        var runFile = RunFile();
        var log = new LineFailingWriter("[w] s: ok");

        var exitCode = await WorkflowProgram.RunAsync(["--run-file", runFile, "--verbose"], Workflows, "prog", options => options.Log = log);

        Assert.AreEqual(70, exitCode);
        StringAssert.Contains(log.ToString(), "   at ");
        File.Delete(runFile);
    }

    [TestMethod]
    public async Task AnUnexpectedErrorBeforeARunStartsExits70AndWritesNoRunFile()
    {
        var runFile = RunFile();

        var exitCode = await WorkflowProgram.RunAsync(["--run-file", runFile, "-q"], Workflows, "prog", _ => throw new InvalidOperationException("configuration broke"));

        Assert.AreEqual(70, exitCode);
        Assert.IsFalse(File.Exists(runFile));
    }

    [TestMethod]
    public async Task AnUnknownEngineNameIsExit2AndTheMessageListsTheEnginesTheProgramHas()
    {
        var log = new StringWriter();

        var exitCode = await WorkflowProgram.RunAsync(["--engine", "nope", "--run-file", RunFile()], Workflows, "prog", options => options.Log = log);

        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(log.ToString(), "this program has no engine 'nope' (--engine / LLMC_ENGINE); it has: embedded");
        StringAssert.Contains(log.ToString(), "<LlmCompilerDurableTask>true</LlmCompilerDurableTask>", "a program without the durable engine says how to add it");
    }

    /// <summary>A log that fails on the line holding a text, as a full disk or a closed pipe fails a write mid-run.</summary>
    private sealed class LineFailingWriter(string trigger) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            if (value?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                throw new IOException("the log is full");
            }

            base.WriteLine(value);
        }
    }
}
