using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// The Azurite the benchmark talks to: replaced by a fresh one before measurements the emulator's own clean-up must not
/// reach, and stopped at the end whichever it is (a replaced one left running would outlive the benchmark).
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
