using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// The Azurite the benchmark talks to, and stopped at the end whichever it is (a replaced one left running would outlive
/// the benchmark). Azurite sweeps its queues' leftovers every 60 s from its start, and the sweep blocks every storage call
/// for seconds (3.4 s for 2134 extents, measured in its debug log): each measurement that could meet it restarts the
/// emulator first and ends within its first minute, so the clean-up lands in neither side.
/// </summary>
internal sealed class Emulator : IAsyncDisposable
{
    private Emulator(AzuriteServer current) => Current = current;

    public AzuriteServer Current { get; private set; }

    public static async Task<Emulator> StartAsync() => new(await AzuriteServer.StartAsync());

    public async Task RestartAsync()
    {
        await Current.DisposeAsync();
        Current = await AzuriteServer.StartAsync();
    }

    public ValueTask DisposeAsync() => Current.DisposeAsync();
}
