using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Processes;
using LlmCompiler.Runtime.Processes.Posix;
using LlmCompiler.Runtime.Scheduling;
using LlmCompiler.Runtime.Steps;


namespace LlmCompiler.Runtime.Tests;

/// <summary>Both spawners behave alike: the POSIX one the runtime uses on Linux, and the portable one used elsewhere.</summary>
[TestClass]
public sealed class ProcessSpawnerTests
{
    public static IEnumerable<object[]> Spawners() => [["posix"], ["managed"]];

    private static IProcessSpawner Choose(string kind, PosixProcessSpawner? posix)
    {
        if (kind == "posix" && posix is null)
        {
            Assert.Inconclusive("posix_spawn is not available here.");
        }

        return kind == "posix" ? posix! : ManagedProcessSpawner.Instance;
    }

    [TestMethod]
    [DynamicData(nameof(Spawners))]
    public async Task ExitCodeStdoutStderrEnvironmentAndDirectoryAreHandled(string kind)
    {
        using var posix = PosixProcessSpawner.IsSupported ? new PosixProcessSpawner() : null;
        var spawner = Choose(kind, posix);

        var log = new StringWriter();
        var stderr = new StderrTail(log);
        var directory = Path.GetTempPath();
        var request = new ProcessRequest(
            "sh",
            ["-c", "printf 'out:%s:%s' \"$GREETING\" \"$(pwd)\"; echo 'to stderr' >&2; cat; exit 7"],
            directory,
            [new("GREETING", "hé llo")],
            CaptureStdout: true);
        var (exitCode, stdout) = await spawner.RunAsync(request, stderr, CancellationToken.None);
        Assert.AreEqual(7, exitCode);
        Assert.AreEqual($"out:hé llo:{Path.GetFullPath(directory).TrimEnd('/')}", stdout);
        Assert.AreEqual("to stderr", stderr.ToString());
        StringAssert.Contains(log.ToString(), "to stderr");
    }

    [TestMethod]
    [DynamicData(nameof(Spawners))]
    public async Task AMissingProgramFailsTheStepClearly(string kind)
    {
        using var posix = PosixProcessSpawner.IsSupported ? new PosixProcessSpawner() : null;
        var spawner = Choose(kind, posix);

        var request = new ProcessRequest("no-such-shell-llmc", ["-c", "true"], null, [], CaptureStdout: false);
        var error = await Assert.ThrowsExactlyAsync<StepFailedException>(() => spawner.RunAsync(request, new StderrTail(TextWriter.Null), CancellationToken.None));
        StringAssert.Contains(error.Message, "could not start 'no-such-shell-llmc'");
    }

    private static readonly Lock PathLock = new();

    [TestMethod]
    [DynamicData(nameof(Spawners))]
    public async Task AProgramOnAPathTheHostSetIsFound(string kind)
    {
        // On Unix, Environment.SetEnvironmentVariable changes only the managed environment: the program must be
        // looked up on the PATH the child receives (as Process does), not on the native one.
        var directory = Directory.CreateTempSubdirectory("llmc-path-").FullName;
        var program = "llmc-probe-" + Guid.NewGuid().ToString("N")[..8];
        // A link to sh, not a script written here: a file just written can be "busy" (ETXTBSY) while another test
        // thread's child still holds the descriptor between its fork and exec.
        File.CreateSymbolicLink(Path.Combine(directory, program), "/bin/sh");
        lock (PathLock)
        {
            // Test methods run in parallel: read and write PATH as one step.
            Environment.SetEnvironmentVariable("PATH", directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));
        }

        using var posix = PosixProcessSpawner.IsSupported ? new PosixProcessSpawner() : null;
        var spawner = Choose(kind, posix);
        var request = new ProcessRequest(program, ["-c", "printf found"], null, [], CaptureStdout: true);
        var (exitCode, stdout) = await spawner.RunAsync(request, new StderrTail(TextWriter.Null), CancellationToken.None);
        Assert.AreEqual(0, exitCode);
        Assert.AreEqual("found", stdout);
    }
}
