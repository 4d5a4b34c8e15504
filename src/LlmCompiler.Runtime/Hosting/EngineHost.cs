using System.Runtime.InteropServices;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>The <c>worker</c> command: runs an engine's worker until Ctrl+C, SIGTERM or SIGHUP, then stops it gracefully.</summary>
internal static class EngineHost
{
    /// <summary>The exit code when the engine's store cannot be reached (wrong connection string, storage down).</summary>
    public const int UnavailableExitCode = 3;

    public static async Task<int> WorkAsync(IWorkflowEngine engine, EngineRequest request)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        try
        {
            await engine.WorkAsync(request, stop.Token).ConfigureAwait(false);
            return 0;
        }
        catch (EngineSettingException e)
        {
            request.Options.Log.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (EngineUnavailableException e)
        {
            request.Options.Log.WriteLine($"error: {e.Message}");
            return UnavailableExitCode;
        }
    }
}
