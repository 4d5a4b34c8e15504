using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using LlmCompiler.Runtime.Processes.Posix;
using Microsoft.Win32.SafeHandles;

namespace LlmCompiler.Runtime.Processes;

/// <summary>
/// A long-lived child that talks over its standard streams (an MCP server of a run). On Linux it is spawned like a
/// shell step, into the <see cref="StepWatchdog"/>'s process group, so it and whatever it starts die with this program
/// however the program ends, kill -9 included; closing its stdin alone would not stop a server busy with a call.
/// Elsewhere it is a <see cref="Process"/> with redirected streams (no watchdog there, as for steps).
/// </summary>
/// <remarks>The child gets exactly the environment given: nothing of this program's is inherited.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly Lazy<PosixProcessSpawner> Spawner = new(() => new PosixProcessSpawner());
    private readonly StringBuilder _tail = new();
    private readonly Process? _managed;
    private int _killed;

    private ServerProcess(int id, Stream input, Stream output, Task<int> exited, Process? managed)
    {
        Id = id;
        Input = input;
        Output = output;
        Exited = exited;
        _managed = managed;
    }

    /// <summary>Gets the process id.</summary>
    public int Id { get; }

    /// <summary>Gets the child's standard input.</summary>
    public Stream Input { get; }

    /// <summary>Gets the child's standard output.</summary>
    public Stream Output { get; }

    /// <summary>Gets a task that completes with the exit code (128 + signal when a signal ended it) once the child has ended.</summary>
    public Task<int> Exited { get; private set; }

    /// <summary>Gets the last lines the child wrote to its standard error (about 2,000 characters).</summary>
    public string StderrTail
    {
        get
        {
            lock (_tail)
            {
                return _tail.ToString().Trim();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> (found on the PATH of <paramref name="environment"/>'s own PATH lookup, as a shell step's).</summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Its whole environment.</param>
    /// <param name="workingDirectory">Its directory, or <see langword="null"/> for this program's.</param>
    /// <param name="stderrLine">Called with each line the child writes to its standard error, or <see langword="null"/>.</param>
    /// <returns>The running child.</returns>
    /// <exception cref="StepFailedException">The program could not be started.</exception>
    public static ServerProcess Start(string program, IReadOnlyList<string> arguments, IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory, Action<string>? stderrLine)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var request = new ProcessRequest(program, arguments, workingDirectory, environment, CaptureStdout: true) { InheritEnvironment = false };
        return PosixProcessSpawner.IsSupported ? StartPosix(request, stderrLine) : StartManaged(request, stderrLine);
    }

    /// <summary>Kills the child and everything it started; the streams then reach their end.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0 || Exited.IsCompleted)
        {
            return;
        }

        if (_managed is not null)
        {
            try
            {
                _managed.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        else
        {
            PosixProcessSpawner.Kill(Id);
        }
    }

    /// <summary>Closes stdin, waits up to <paramref name="grace"/> for the child to end, then kills it and waits.</summary>
    /// <param name="grace">How long the child may take to end on its own.</param>
    /// <returns>A task that completes when the child has ended.</returns>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            await Input.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The child is gone already.
        }

        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            Kill();
        }

        await Exited.ConfigureAwait(false);
    }

    /// <summary>Stops the child (<see cref="StopAsync"/> with a one-second grace) and releases the streams.</summary>
    /// <returns>A task that completes when the child has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await Output.DisposeAsync().ConfigureAwait(false);
        _managed?.Dispose();
    }

    private void Note(string line, Action<string>? stderrLine)
    {
        lock (_tail)
        {
            _tail.Append(line).Append('\n');
            if (_tail.Length > 4000)
            {
                _tail.Remove(0, _tail.Length - 2000);
            }
        }

        stderrLine?.Invoke(line);
    }

    private static ServerProcess StartPosix(ProcessRequest request, Action<string>? stderrLine)
    {
        var (pid, stdin, stdout, stderr) = Spawner.Value.StartPiped(request);
        var server = new ServerProcess(pid, new AnonymousPipeClientStream(PipeDirection.Out, Pipe(stdin)), new AnonymousPipeClientStream(PipeDirection.In, Pipe(stdout)), Task.FromResult(0), managed: null);

        // stderr is read to its end before the exit is collected, so the tail is complete when Exited completes.
        server.Exited = BlockingWorkers.Run(() =>
        {
            using (var stream = new FileStream(stderr, FileAccess.Read, bufferSize: 0))
            using (var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false))
            {
                while (reader.ReadLine() is { } line)
                {
                    server.Note(line, stderrLine);
                }
            }

            return PosixProcessSpawner.WaitFor(pid);
        });
        return server;
    }

    private static SafePipeHandle Pipe(SafeFileHandle handle)
    {
        var fd = handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return new SafePipeHandle(fd, ownsHandle: true);
    }

    private static ServerProcess StartManaged(ProcessRequest request, Action<string>? stderrLine)
    {
        var startInfo = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = request.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new StepFailedException($"could not start '{request.FileName}': {e.Message}");
        }

        var server = new ServerProcess(process.Id, process.StandardInput.BaseStream, process.StandardOutput.BaseStream, Task.FromResult(0), process);
        server.Exited = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                server.Note(line, stderrLine);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode;
        });
        return server;
    }
}
