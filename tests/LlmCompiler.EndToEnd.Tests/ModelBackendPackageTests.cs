using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>The SDK adds a backend package only for the step types a project's workflows use, and says so when one is missing.</summary>
[TestClass]
public sealed class ModelBackendPackageTests
{
    private static readonly string[] LocalBackendFiles = ["LlmCompiler.Runtime.LlamaSharp.dll", "LLamaSharp.dll"];
    private static readonly string[] RemoteBackendFiles = ["LlmCompiler.Runtime.OpenAI.dll", "OpenAI.dll", "Polly.Core.dll"];

    [TestMethod]
    public async Task AShellOnlyProgramCarriesNoModelBackend()
    {
        var project = await BuildIntoOutAsync("backend_shell_only", "type: shell\n    command: echo hi");
        foreach (var file in LocalBackendFiles.Concat(RemoteBackendFiles))
        {
            Assert.IsFalse(File.Exists(project.PathOf("out/" + file)), file);
        }

        Assert.IsFalse(Directory.Exists(project.PathOf("out/runtimes")), "no llama.cpp natives");
        var run = await ProcessRunner.RunAsync(project.PathOf("out/" + project.Name), [], project.Directory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
    }

    [TestMethod]
    public async Task AnLlmStepBringsTheRemoteBackendOnly()
    {
        var project = await BuildIntoOutAsync("backend_llm_only", "type: 'llm'\n    prompt: hi");
        foreach (var file in RemoteBackendFiles)
        {
            Assert.IsTrue(File.Exists(project.PathOf("out/" + file)), file);
        }

        foreach (var file in LocalBackendFiles)
        {
            Assert.IsFalse(File.Exists(project.PathOf("out/" + file)), file);
        }
    }

    [TestMethod]
    public async Task AModelStepWhoseBackendIsSwitchedOffIsABuildErrorThatNamesTheFix()
    {
        var project = await TestProject.CreateAsync("backend_switched_off", new Dictionary<string, string>
        {
            ["flow.yaml"] = """
                name: flow
                steps:
                  - name: think
                    type: local_llm
                    model: tiny.gguf
                    prompt: hi
                  - name: ask
                    type: llm
                    prompt: hi
                """,
        }, """
            <PropertyGroup>
              <LlmCompilerAddLocalBackend>false</LlmCompilerAddLocalBackend>
              <LlmCompilerAddRemoteBackend>false</LlmCompilerAddRemoteBackend>
            </PropertyGroup>
            <ItemGroup>
              <Workflow Include="**/*.yaml" />
              <!-- This project supplies its own llm backend, so only the local_llm step is an error. -->
              <LlmCompilerModelBackend Include="llm" />
            </ItemGroup>
            """);
        var build = await project.BuildAsync();
        Assert.AreNotEqual(0, build.ExitCode, build.ToString());
        StringAssert.Contains(build.Output, "flow.yaml(3,5");
        StringAssert.Contains(build.Output, "error LLMC0007: The local_llm step 'think' needs a backend");
        StringAssert.Contains(build.Output, "LlmCompilerAddLocalBackend");
        Assert.IsFalse(build.Output.Contains("'ask'", StringComparison.Ordinal), build.Output);
        Assert.IsFalse(build.Output.Contains("error CS", StringComparison.Ordinal), build.Output);
    }

    /// <summary>Builds a project with one workflow of one step (given from its type on) into out/.</summary>
    private static async Task<TestProject> BuildIntoOutAsync(string name, string step)
    {
        var project = await TestProject.CreateAsync(name, new Dictionary<string, string>
        {
            ["flow.yaml"] = "name: flow\nsteps:\n  - name: a\n    " + step + "\n",
        });
        var build = await project.BuildAsync("-o", "out");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        return project;
    }
}
