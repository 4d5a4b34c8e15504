using System.Diagnostics;
using System.Text;

namespace LlmCompiler.Runtime.Execution;

/// <summary>Runs shell steps: <c>sh -c command</c> (or bash, or pwsh), values passed as environment variables.</summary>
internal sealed class ShellStepRunner
{
    private const int StderrTailChars = 2000;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Whether this process's stdin is /dev/null, so children can inherit it and still see end-of-file, without a pipe each.</summary>
    private static readonly bool StdinIsDevNull = DetectStdinIsDevNull();

    private readonly TextWriter _log;

    public ShellStepRunner(TextWriter log) => _log = log;

    /// <summary>Runs the step.</summary>
    /// <param name="step">The step.</param>
    /// <param name="variables">The workflow's variables, for the step's environment and working directory.</param>
    /// <param name="captureStdout">
    /// Whether to capture standard output. When not (a step without <c>output</c> that nothing waits for), the command
    /// writes straight to this process's standard output: live, and without the cost of a pipe.
    /// </param>
    /// <param name="cancellationToken">Cancels the step: the process tree is killed.</param>
    public async Task<StepOutcome> RunAsync(ShellStep step, IVariables variables, bool captureStdout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo(step.Shell)
        {
            UseShellExecute = false,
            RedirectStandardInput = !StdinIsDevNull,
            RedirectStandardOutput = captureStdout,
            RedirectStandardError = true,
            StandardOutputEncoding = captureStdout ? Utf8 : null,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in ShellArguments(step.Shell))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(step.Command);
        if (step.WorkingDirectory is { } workingDirectory)
        {
            var directory = workingDirectory(variables);
            if (!Directory.Exists(directory))
            {
                throw new StepFailedException($"working_directory '{directory}' does not exist");
            }

            startInfo.WorkingDirectory = directory;
        }

        if (step.Environment is { } environment)
        {
            foreach (var (name, value) in environment(variables))
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new StepFailedException($"could not start '{step.Shell}': {e.Message}", innerException: e);
        }

        // Steps are not interactive: a command that reads stdin sees end-of-file (as in the Go original) instead of
        // stealing the console. When this process's stdin already is /dev/null (CI, services), the child inherits it.
        if (startInfo.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }
        var stdout = captureStdout ? process.StandardOutput.ReadToEndAsync(CancellationToken.None) : Task.FromResult(string.Empty);
        var stderrTail = new StringBuilder();
        var stderr = PumpStderrAsync(process.StandardError, stderrTail);

        using (cancellationToken.Register(static p => Kill((Process)p!), process))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var text = TrimTrailingNewlines(stdout.Result);
        if (process.ExitCode != 0)
        {
            var tail = stderrTail.ToString().Trim();
            throw new StepFailedException(
                tail.Length == 0 ? $"command exited with code {process.ExitCode}" : $"command exited with code {process.ExitCode}: {tail}",
                process.ExitCode);
        }

        return new StepOutcome(text) { ExitCode = 0, Streamed = !captureStdout };
    }

    private static bool DetectStdinIsDevNull()
    {
        try
        {
            return OperatingSystem.IsLinux() && new FileInfo("/proc/self/fd/0").LinkTarget == "/dev/null";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The arguments before the command: each shell's way to run one command string and exit.</summary>
    private static string[] ShellArguments(string shell) => shell switch
    {
        "pwsh" => ["-NoProfile", "-NonInteractive", "-Command"],
        _ => ["-c"],
    };

    /// <summary>Removes trailing newlines, as the shell's <c>$(…)</c> does.</summary>
    internal static string TrimTrailingNewlines(string text)
    {
        var end = text.Length;
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        {
            end--;
        }

        return end == text.Length ? text : text[..end];
    }

    private async Task PumpStderrAsync(StreamReader reader, StringBuilder tail)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            _log.WriteLine(line);
            tail.Append(line).Append('\n');
            if (tail.Length > StderrTailChars * 2)
            {
                tail.Remove(0, tail.Length - StderrTailChars);
            }
        }

        if (tail.Length > StderrTailChars)
        {
            tail.Remove(0, tail.Length - StderrTailChars);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
