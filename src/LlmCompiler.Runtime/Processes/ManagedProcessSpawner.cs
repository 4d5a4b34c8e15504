using System.Diagnostics;
using System.Text;

namespace LlmCompiler.Runtime.Processes;

/// <summary>The portable spawner: <see cref="Process"/> with redirected streams.</summary>
internal sealed class ManagedProcessSpawner : IProcessSpawner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static ManagedProcessSpawner Instance { get; } = new();

    public async Task<(int ExitCode, string Stdout)> RunAsync(ProcessRequest request, StderrTail stderr, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = request.CaptureStdout,
            RedirectStandardError = true,
            StandardOutputEncoding = request.CaptureStdout ? Utf8 : null,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (request.WorkingDirectory is { } directory)
        {
            startInfo.WorkingDirectory = directory;
        }

        foreach (var (name, value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new StepFailedException($"could not start '{request.FileName}': {e.Message}", innerException: e);
        }

        // Steps are not interactive: a command that reads stdin sees end-of-file (as in the Go original).
        process.StandardInput.Close();
        var stdout = request.CaptureStdout ? process.StandardOutput.ReadToEndAsync(CancellationToken.None) : Task.FromResult(string.Empty);
        var pump = PumpAsync(process.StandardError, stderr);
        using (cancellationToken.Register(static p => KillTree((Process)p!), process))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(stdout, pump).ConfigureAwait(false);
        }

        return (process.ExitCode, stdout.Result);
    }

    private static async Task PumpAsync(StreamReader reader, StderrTail stderr)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            stderr.Line(line);
        }
    }

    private static void KillTree(Process process)
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
