using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>One Azurite for a test class: its <c>ClassInitialize</c> starts it, its <c>ClassCleanup</c> stops it.</summary>
internal sealed class ClassAzurite
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite did not start.");

    public async Task StartAsync(TestContext context) => _server = await AzuriteServer.StartAsync(context.CancellationTokenSource.Token);

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
