using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>One Azurite for the assembly's tests, installed from npm and started on loopback ports; stopped at the end.</summary>
[TestClass]
public static class AzuriteFixture
{
    private static AzuriteServer? _server;

    internal static AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite did not start.");

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context) => _server = await AzuriteServer.StartAsync(context.CancellationTokenSource.Token);

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
