using System.Diagnostics;
using System.Text;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>A built program left running (a durable worker, a run in flight): its output kept, stopped by signal or killed.</summary>
public sealed class BackgroundProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProgram(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static BackgroundProgram Start(TestProject project, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartIn(project.Directory, project, environment, arguments);

    /// <summary>Starts the built program in <paramref name="workingDirectory"/> instead of the project's folder.</summary>
    public static BackgroundProgram StartIn(string workingDirectory, TestProject project, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(project.Directory, "bin", "Debug", "net10.0", project.Name + ".dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in TestFeed.DotnetEnvironment.Concat(environment))
        {
            start.Environment[name] = value;
        }

        var program = new BackgroundProgram(new Process { StartInfo = start });
        program._process.OutputDataReceived += (_, e) => program.Append(e.Data);
        program._process.ErrorDataReceived += (_, e) => program.Append(e.Data);
        program._process.Start();
        program._process.BeginOutputReadLine();
        program._process.BeginErrorReadLine();
        return program;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; throws with the output when it does not in time.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"'{text}' did not appear (exited: {_process.HasExited}):\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9: no cleanup, as a crash.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as a service manager stops it.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>SIGINT, as Ctrl+C in a terminal.</summary>
    public void Interrupt() => Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
