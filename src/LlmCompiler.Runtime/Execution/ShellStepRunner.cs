using System.Diagnostics;
using System.Text;

namespace LlmCompiler.Runtime.Execution;

/// <summary>Runs shell steps: <c>sh -c command</c>, values passed as environment variables.</summary>
internal sealed class ShellStepRunner
{
    private const int StderrTailChars = 2000;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly TextWriter _output;
    private readonly TextWriter _log;

    public ShellStepRunner(TextWriter output, TextWriter log)
    {
        _output = output;
        _log = log;
    }

    public async Task<StepOutcome> RunAsync(ShellStep step, IVariables variables, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo("sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(step.Command);
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
            throw new StepFailedException($"could not start 'sh': {e.Message}", innerException: e);
        }

        // Steps are not interactive: a command that reads stdin sees end-of-file instead of stealing the console.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
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

        if (step.Output is null && text.Length > 0)
        {
            _output.WriteLine(text);
        }

        return new StepOutcome(text) { ExitCode = 0 };
    }

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
