using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>One Azurite for the assembly's tests, installed from npm and started on loopback ports; stopped at the end.</summary>
[TestClass]
public static class AzuriteFixture
{
    private static AzuriteServer? _server;

    internal static AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite did not start.");

    private static CpuHog? _hog;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _server = await AzuriteServer.StartAsync(context.CancellationTokenSource.Token);

        // Under LLMC_TEST_CPU_HOG=1 every core is kept busy while the tests run (see CpuHog).
        _hog = CpuHog.StartFromEnvironment();
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        _hog?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
