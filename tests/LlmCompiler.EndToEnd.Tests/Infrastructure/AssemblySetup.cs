namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static async Task PackAsync(TestContext context) => await TestFeed.EnsurePackedAsync();

    [AssemblyCleanup]
    public static void CleanUp()
    {
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
