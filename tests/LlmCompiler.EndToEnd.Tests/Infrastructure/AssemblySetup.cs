using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

[TestClass]
public static class AssemblySetup
{
    private static CpuHog? _hog;

    [AssemblyInitialize]
    public static async Task PackAsync(TestContext context)
    {
        await TestFeed.EnsurePackedAsync();

        // Under LLMC_TEST_CPU_HOG=1 the tests run on a machine whose cores are all busy (after packing, which is not under test).
        _hog = CpuHog.StartFromEnvironment();
    }

    [AssemblyCleanup]
    public static void CleanUp()
    {
        _hog?.Dispose();
        try
        {
            Directory.Delete(TestFeed.Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the OS eventually.
        }
    }
}
