using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LlmCompiler.Runtime.Processes.Posix;

/// <summary>
/// Starts shell steps with <c>posix_spawnp</c>: stdin opened on /dev/null, stderr (and stdout when captured) on
/// pipes read with plain blocking reads on <see cref="BlockingWorkers"/>, the exit collected with <c>waitpid</c>.
/// Signal mask and dispositions are reset in the child (the .NET runtime ignores SIGPIPE, which a child must not
/// inherit). Measured cheaper than <see cref="Process"/> with redirected streams, which matters when a workflow is
/// mostly short commands (docs/benchmarks.md). Each step joins the <see cref="StepWatchdog"/>'s process group, so it
/// and everything it starts die with this program, even on kill -9.
/// </summary>
internal sealed class PosixProcessSpawner : IProcessSpawner, IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Lazy<NativeStrings> _baseEnvironment;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _programs = new(StringComparer.Ordinal);

    public PosixProcessSpawner()
    {
        // The managed view of the environment, taken once per run (it is what Process would pass, and what
        // Environment.SetEnvironmentVariable changes).
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        _environment = environment;
        _baseEnvironment = new(() => new NativeStrings(_environment.Select(e => e.Key + "=" + e.Value)));
    }

    /// <summary>Gets whether this platform can use it: Linux with glibc's posix_spawn (2.29+ for chdir).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Probe();

    public async Task<(int ExitCode, string Stdout)> RunAsync(ProcessRequest request, StderrTail stderr, CancellationToken cancellationToken)
    {
        var (pid, _, stdoutRead, stderrRead) = Start(request, StepWatchdog.Group, pipeStdin: false, renewed: false);
        var stdout = stdoutRead is null ? Task.FromResult(string.Empty) : BlockingWorkers.Run(() => ReadAll(stdoutRead));
        var exit = BlockingWorkers.Run(() =>
        {
            PumpLines(stderrRead, stderr);
            return WaitForExit(pid);
        });
        using (cancellationToken.Register(static p => KillTree((int)p!), pid))
        {
            await Task.WhenAll(stdout, exit).ConfigureAwait(false);
        }

        return (exit.Result, stdout.Result);
    }

    /// <summary>
    /// Starts a long-lived child that talks over its standard streams (an MCP server): stdin, stdout and stderr on
    /// pipes, in the watchdog's group like every step, so it dies with this program however the program ends.
    /// </summary>
    /// <exception cref="StepFailedException">The program could not be started.</exception>
    public (int Pid, SafeFileHandle Stdin, SafeFileHandle Stdout, SafeFileHandle Stderr) StartPiped(ProcessRequest request)
    {
        var (pid, stdin, stdout, stderr) = Start(request with { CaptureStdout = true }, StepWatchdog.Group, pipeStdin: true, renewed: false);
        return (pid, stdin!, stdout!, stderr);
    }

    /// <summary>Waits for a child started by <see cref="StartPiped"/> to end; call it on a blocking worker.</summary>
    public static int WaitFor(int pid) => WaitForExit(pid);

    /// <summary>Kills a child and everything it started.</summary>
    public static void Kill(int pid) => KillTree(pid);

    public void Dispose()
    {
        if (_baseEnvironment.IsValueCreated)
        {
            _baseEnvironment.Value.Dispose();
        }
    }

    private unsafe (int Pid, SafeFileHandle? Stdin, SafeFileHandle? Stdout, SafeFileHandle Stderr) Start(ProcessRequest request, int group, bool pipeStdin, bool renewed)
    {
        var errorPipe = stackalloc int[2];
        var outputPipe = stackalloc int[2] { -1, -1 };
        var inputPipe = stackalloc int[2] { -1, -1 };
        Check(PosixNative.pipe2(errorPipe, PosixNative.OCloexec), "pipe2");
        if ((request.CaptureStdout && PosixNative.pipe2(outputPipe, PosixNative.OCloexec) != 0)
            || (pipeStdin && PosixNative.pipe2(inputPipe, PosixNative.OCloexec) != 0))
        {
            foreach (var fd in new[] { errorPipe[0], errorPipe[1], outputPipe[0], outputPipe[1] })
            {
                if (fd >= 0)
                {
                    PosixNative.close(fd);
                }
            }

            Check(-1, "pipe2");
        }

        var actions = stackalloc byte[PosixNative.FileActionsSize];
        var attributes = stackalloc byte[PosixNative.AttributesSize];
        var mask = stackalloc byte[PosixNative.SigSetSize];
        var defaults = stackalloc byte[PosixNative.SigSetSize];
        // The attribute and file-action calls return an error number; the first one fails the start below, before
        // anything is spawned with half its settings.
        var setup = 0;
        void Note(int error) => setup = setup != 0 ? setup : error;
        Note(PosixNative.posix_spawn_file_actions_init(actions));
        Note(PosixNative.posix_spawnattr_init(attributes));
        using var arguments = new NativeStrings(request.Arguments.Prepend(request.FileName));
        using var environment = !request.InheritEnvironment
            ? new NativeStrings(request.Environment.Select(e => e.Key + "=" + e.Value))
            : request.Environment.Count == 0 ? null : new NativeStrings(Merge(request.Environment));
        var pid = 0;
        int result;
        try
        {
            // Steps are not interactive: stdin is /dev/null, as in the Go original. A server reads its requests there.
            Note(pipeStdin
                ? PosixNative.posix_spawn_file_actions_adddup2(actions, inputPipe[0], 0)
                : PosixNative.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", PosixNative.ORdonly, 0));
            if (request.CaptureStdout)
            {
                Note(PosixNative.posix_spawn_file_actions_adddup2(actions, outputPipe[1], 1));
            }

            Note(PosixNative.posix_spawn_file_actions_adddup2(actions, errorPipe[1], 2));
            if (request.WorkingDirectory is { } directory)
            {
                Note(PosixNative.posix_spawn_file_actions_addchdir_np(actions, directory));
            }

            // sigemptyset/sigfillset fail only for an invalid set, which these are not.
            _ = PosixNative.sigemptyset(mask);
            _ = PosixNative.sigfillset(defaults);
            Note(PosixNative.posix_spawnattr_setsigmask(attributes, mask));
            Note(PosixNative.posix_spawnattr_setsigdefault(attributes, defaults));
            Note(PosixNative.posix_spawnattr_setpgroup(attributes, group));
            Note(PosixNative.posix_spawnattr_setflags(attributes, PosixNative.SpawnSetPGroup | PosixNative.SpawnSetSigDef | PosixNative.SpawnSetSigMask));
            result = setup != 0 ? setup : PosixNative.posix_spawnp(&pid, Resolve(request.FileName), actions, attributes, arguments.Pointer, (environment ?? _baseEnvironment.Value).Pointer);
        }
        finally
        {
            _ = PosixNative.posix_spawn_file_actions_destroy(actions);
            _ = PosixNative.posix_spawnattr_destroy(attributes);
            PosixNative.close(errorPipe[1]);
            if (outputPipe[1] >= 0)
            {
                PosixNative.close(outputPipe[1]);
            }

            if (inputPipe[0] >= 0)
            {
                PosixNative.close(inputPipe[0]);
            }
        }

        var stderrRead = new SafeFileHandle(errorPipe[0], ownsHandle: true);
        var stdoutRead = outputPipe[0] >= 0 ? new SafeFileHandle(outputPipe[0], ownsHandle: true) : null;
        var stdinWrite = inputPipe[1] >= 0 ? new SafeFileHandle(inputPipe[1], ownsHandle: true) : null;
        if (result != 0)
        {
            stderrRead.Dispose();
            stdoutRead?.Dispose();
            stdinWrite?.Dispose();
            if (result == PosixNative.Eperm && !renewed)
            {
                // The watchdog's group is gone (the watchdog was killed and its steps have ended): start another, once.
                return Start(request, StepWatchdog.Renew(group), pipeStdin, renewed: true);
            }

            throw new StepFailedException($"could not start '{request.FileName}': {new System.ComponentModel.Win32Exception(result).Message}");
        }

        return (pid, stdinWrite, stdoutRead, stderrRead);
    }

    /// <summary>
    /// Finds a program on the PATH of the managed environment, the one the child receives. posix_spawnp alone would
    /// search the native environment, which Environment.SetEnvironmentVariable does not change on Unix: a program
    /// put on PATH by the host (as Process finds it) would not be found. Resolved once per name and run.
    /// </summary>
    private string Resolve(string program) => program.Contains('/', StringComparison.Ordinal)
        ? program
        : _programs.GetOrAdd(program, static (name, environment) =>
        {
            var path = environment.TryGetValue("PATH", out var value) ? value : string.Empty;
            foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, name);
                if (!OperatingSystem.IsWindows() && File.Exists(candidate) && (File.GetUnixFileMode(candidate) & Executable) != 0)
                {
                    return candidate;
                }
            }

            return name; // not found: posix_spawnp reports ENOENT, which the caller turns into a clear step error
        }, _environment);

    private IEnumerable<string> Merge(IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        var merged = new SortedDictionary<string, string>((IDictionary<string, string>)_environment, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            merged[name] = value;
        }

        return merged.Select(e => e.Key + "=" + e.Value);
    }

    private static string ReadAll(SafeFileHandle handle)
    {
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false);
        return reader.ReadToEnd();
    }

    private static void PumpLines(SafeFileHandle handle, StderrTail stderr)
    {
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false);
        while (reader.ReadLine() is { } line)
        {
            stderr.Line(line);
        }
    }

    /// <summary>The exit code as a shell reports it: the code, or 128 + the signal that ended the process.</summary>
    private static unsafe int WaitForExit(int pid)
    {
        int status;
        while (PosixNative.waitpid(pid, &status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != PosixNative.Eintr)
            {
                throw new StepFailedException($"could not wait for process {pid}: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }

        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    private static void KillTree(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new StepFailedException($"could not start a process ({call}: {Marshal.GetLastPInvokeErrorMessage()})");
        }
    }

    /// <summary>Whether libc has what we call (addchdir_np is glibc 2.29+); anything missing means the portable spawner.</summary>
    private static unsafe bool Probe()
    {
        try
        {
            var actions = stackalloc byte[PosixNative.FileActionsSize];
            var ok = PosixNative.posix_spawn_file_actions_init(actions) == 0
                && PosixNative.posix_spawn_file_actions_addchdir_np(actions, "/") == 0;
            _ = PosixNative.posix_spawn_file_actions_destroy(actions);
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A null-terminated array of UTF-8 strings in native memory, as argv and envp want.</summary>
    private sealed unsafe class NativeStrings : IDisposable
    {
        private readonly IntPtr[] _strings;

        public NativeStrings(IEnumerable<string> values)
        {
            _strings = values.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
            Pointer = (byte**)NativeMemory.Alloc((nuint)(_strings.Length + 1), (nuint)sizeof(IntPtr));
            for (var i = 0; i < _strings.Length; i++)
            {
                Pointer[i] = (byte*)_strings[i];
            }

            Pointer[_strings.Length] = null;
        }

        public byte** Pointer { get; }

        public void Dispose()
        {
            foreach (var value in _strings)
            {
                Marshal.FreeCoTaskMem(value);
            }

            NativeMemory.Free(Pointer);
        }
    }
}
