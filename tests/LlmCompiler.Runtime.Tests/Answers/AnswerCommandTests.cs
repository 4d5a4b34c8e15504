using System.Text.Json;
using LlmCompiler.Runtime.Answers;
using LlmCompiler.Runtime.Hosting;

namespace LlmCompiler.Runtime.Tests.Answers;

/// <summary>
/// <c>app answer</c> against a running program (through its Unix socket) and a parked run (in its run file), with the
/// program's own command line, in-process: the socket and the files are real.
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // The command-line channel is a Unix socket.
public sealed class AnswerCommandTests
{
    private static readonly Workflow[] Workflows =
    [
        new Workflow("release",
        [
            new ShellStep("changes", "echo 'fix a bug'") { Output = "changes" },
            new InputStep("approve", v => $"Ship it? Changes:\n{v["changes"]}") { Options = ["approve", "reject"], Output = "decision" },
            new InputStep("notes", _ => "Release notes?") { OutputSchema = """{"type":"object","properties":{"title":{"type":"string"}},"required":["title"]}""", Output = "notes" },
            new ShellStep("ship", "printf '%s %s' \"$D\" \"$N\"") { Environment = v => [new("D", v["decision"]), new("N", v["notes"])], Output = "shipped" },
        ]) { DefinitionHash = "release-1" },
    ];

    public TestContext TestContext { get; set; } = null!;

    private static string NewRunFile() => Path.Combine(Path.GetTempPath(), "llmc-answer-" + Guid.NewGuid().ToString("N") + ".json");

    private static Task<int> Answer(params string[] args) => WorkflowProgram.RunAsync(["answer", .. args], Workflows, "prog");

    [TestMethod]
    public async Task ARunningProgramPrintsTheExactAnswerCommandAndAnAnswerThroughItsSocketContinuesTheRun()
    {
        var runFile = NewRunFile();
        var log = new LineWatcher();
        var run = WorkflowProgram.RunAsync(["--run-file", runFile], Workflows, "prog", options => options.Log = log);

        var waiting = await log.WaitForAsync("[release] approve: waiting for an answer: ", TestContext.CancellationTokenSource.Token);
        Assert.AreEqual($"[release] approve: waiting for an answer: prog answer release.approve 'approve|reject' --run-file {runFile}", waiting);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AnswerSocketPath.For(runFile)), "only the same user can connect");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(AnswerSocketPath.Directory()));
        Assert.AreEqual(2, await Answer("release.notes", "{\"title\":\"v2\"}", "--run-file", runFile), "a step that is not waiting yet is refused");
        Assert.AreEqual(2, await Answer("release.approve", "ship-it", "--run-file", runFile), "an unknown option is refused");
        Assert.AreEqual(0, await Answer("release.approve", "approve", "--run-file", runFile));
        Assert.AreEqual(2, await Answer("release.approve", "reject", "--run-file", runFile), "a second answer is refused");
        await log.WaitForAsync("[release] notes: waiting for an answer: ", TestContext.CancellationTokenSource.Token);
        Assert.AreEqual(2, await Answer("release.notes", "{\"name\":\"v2\"}", "--run-file", runFile), "an answer the schema refuses is refused");
        Assert.AreEqual(0, await Answer("release.notes", "{\"title\":\"v2\"}", "--run-file", runFile));

        Assert.AreEqual(0, await run, log.ToString());
        var result = await RunFile.ReadAsync(runFile);
        var steps = result.Workflows[0].Steps;
        Assert.AreEqual("approve {\"title\":\"v2\"}", steps[3].Output);
        Assert.AreEqual(AnswerRecord.Cli, steps[1].Answer!.Via);
        Assert.AreEqual(Environment.UserName, steps[1].Answer!.Who);
        Assert.IsFalse(File.Exists(AnswerSocketPath.For(runFile)), "the socket goes with the program");
        File.Delete(runFile);
    }

    [TestMethod]
    public async Task BadAnswersAreRefusedWithExit2AndAClearMessage()
    {
        var runFile = NewRunFile();

        async Task<string> Refused(string question, string value)
        {
            var (code, message) = await AnswerCommand.AnswerAsync(Workflows, "prog", question, value, runFile, null, CancellationToken.None);
            Assert.AreEqual(2, code, message);
            return message;
        }

        StringAssert.Contains(await Refused("relase.approve", "approve"), "no workflow 'relase' in this program; it has release");
        StringAssert.Contains(await Refused("release.aprove", "approve"), "workflow 'release' has no step 'aprove'; its input steps are approve, notes");
        StringAssert.Contains(await Refused("release.ship", "approve"), "step 'release.ship' is a shell step, not an input step");
        StringAssert.Contains(await Refused("release.approve", "aprove"), "'aprove' is not one of the options: approve, reject (did you mean 'approve'?)");
        StringAssert.Contains(await Refused("release.notes", "not json"), "not valid for the step's schema");
        StringAssert.Contains(await Refused("release.approve", "approve"), "no run to answer");
        Assert.AreEqual(2, await Answer("release.approve", "approve", "--run-file", runFile));
        Assert.IsFalse(File.Exists(runFile), "nothing was written");
    }

    [TestMethod]
    public async Task AParkedRunIsWaitingWithItsQuestionsExits75AndResumesWithTheAnswersGivenToItsRunFile()
    {
        var runFile = NewRunFile();
        var log = new StringWriter();

        var parked = await WorkflowProgram.RunAsync(["--run-file", runFile, "--park"], Workflows, "prog", options => options.Log = log);

        Assert.AreEqual(75, parked, log.ToString());
        StringAssert.Contains(log.ToString(), $"[release] approve: parked, waiting for an answer: prog answer release.approve 'approve|reject' --run-file {runFile}; then --resume {runFile}\n");
        using (var written = JsonDocument.Parse(await File.ReadAllTextAsync(runFile)))
        {
            var root = written.RootElement;
            Assert.AreEqual("waiting", root.GetProperty("status").GetString());
            Assert.AreEqual(75, root.GetProperty("exit_code").GetInt32());
            var question = root.GetProperty("questions")[0];
            Assert.AreEqual("release.approve", question.GetProperty("question").GetString());
            Assert.AreEqual("Ship it? Changes:\nfix a bug", question.GetProperty("prompt").GetString());
            Assert.AreEqual($"prog answer release.approve 'approve|reject' --run-file {runFile}", question.GetProperty("command").GetString());
            var steps = root.GetProperty("workflows").GetProperty("release").GetProperty("steps");
            Assert.AreEqual("succeeded", steps[0].GetProperty("status").GetString(), "the steps before the question ran");
            Assert.AreEqual("waiting", steps[1].GetProperty("status").GetString());
            Assert.AreEqual("not_run", steps[3].GetProperty("status").GetString());
        }

        var before = await File.ReadAllBytesAsync(runFile);
        Assert.AreEqual(2, await Answer("release.approve", "maybe", "--run-file", runFile));
        Assert.AreEqual(2, await Answer("release.notes", "{\"title\":\"v2\"}", "--run-file", runFile), "notes is not waiting yet");
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(runFile), "a refused answer changes nothing");
        Assert.AreEqual(0, await Answer("release.approve", "reject", "--run-file", runFile));
        Assert.AreEqual(2, await Answer("release.approve", "approve", "--run-file", runFile), "a second answer is refused");

        // The resumed run parks again on the next question; answered, the third run finishes.
        Assert.AreEqual(75, await WorkflowProgram.RunAsync(["--run-file", runFile, "--park", "--resume", runFile], Workflows, "prog", options => options.Log = log), log.ToString());
        Assert.AreEqual(0, await Answer("release.notes", "{\"title\":\"v3\"}", "--run-file", runFile));
        Assert.AreEqual(0, await WorkflowProgram.RunAsync(["--run-file", runFile, "--park", "--resume", runFile], Workflows, "prog", options => options.Log = log), log.ToString());

        var result = await RunFile.ReadAsync(runFile);
        var done = result.Workflows[0].Steps;
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual("reject {\"title\":\"v3\"}", done[3].Output);
        Assert.IsTrue(done[1].Resumed, "the answered question was restored by the second resume");
        Assert.AreEqual(AnswerRecord.Cli, done[1].Answer!.Via);
        Assert.AreEqual(AnswerRecord.Cli, done[2].Answer!.Via);
        Assert.AreEqual(0, result.Questions.Count);
        File.Delete(runFile);
    }

    [TestMethod]
    [DoNotParallelize] // It sets LLMC_PARK for the process for a moment.
    public async Task LlmcParkParksAsParkDoes()
    {
        var runFile = NewRunFile();
        Environment.SetEnvironmentVariable(WorkflowProgram.ParkVariable, "1");
        try
        {
            Assert.AreEqual(75, await WorkflowProgram.RunAsync(["--run-file", runFile, "-q"], Workflows, "prog", options => options.Log = new StringWriter()));
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkflowProgram.ParkVariable, null);
        }

        Assert.AreEqual(RunStatus.Waiting, (await RunFile.ReadAsync(runFile)).Status);
        File.Delete(runFile);
    }

    /// <summary>A log that lets a test wait for a line, as a person watching the terminal would.</summary>
    private sealed class LineWatcher : StringWriter
    {
        private readonly List<(string Prefix, TaskCompletionSource<string> Line)> _watches = [];
        private readonly List<string> _lines = [];

        public override void WriteLine(string? value)
        {
            lock (_lines)
            {
                base.WriteLine(value);
                _lines.Add(value ?? string.Empty);
                foreach (var (prefix, line) in _watches.Where(w => value?.StartsWith(w.Prefix, StringComparison.Ordinal) == true))
                {
                    line.TrySetResult(value!);
                }
            }
        }

        public Task<string> WaitForAsync(string prefix, CancellationToken cancellationToken)
        {
            lock (_lines)
            {
                if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } seen)
                {
                    return Task.FromResult(seen);
                }

                var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                _watches.Add((prefix, line));
                return line.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
