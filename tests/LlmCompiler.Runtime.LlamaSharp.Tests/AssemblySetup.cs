using LlmCompiler.Runtime.CompilerServices;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Sets up this test process as a generated program that references LlmCompiler.Runtime.LlamaSharp is set up.</summary>
[TestClass]
public static class AssemblySetup
{
    /// <summary>
    /// Registers the local backend the way the generated module initializer does (PluginStartup), so local_llm tests run with the
    /// default backend (<see cref="WorkflowRunOptions.LocalModels"/> left null). No llm backend is registered:
    /// llm tests set <see cref="WorkflowRunOptions.RemoteModels"/>.
    /// </summary>
    [AssemblyInitialize]
    public static void RegisterTheLocalBackend(TestContext context) => PluginStartup.Initialize(new LlamaSharpBackendPlugin());
}
