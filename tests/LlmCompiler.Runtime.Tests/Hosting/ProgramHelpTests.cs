using System.Text.RegularExpressions;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Tests.Plugins;

namespace LlmCompiler.Runtime.Tests.Hosting;

/// <summary>
/// <c>--help</c> lists only what the program can do: the engine options and the <c>worker</c> and <c>runs</c> commands
/// only when a plugin registered an engine besides the embedded one, as the durable engine package does.
/// </summary>
[TestClass]
[DoNotParallelize] // They replace the process's plugin registry and standard output for a moment.
public sealed class ProgramHelpTests
{
    private static readonly Workflow[] Workflows = [new Workflow("w", [new ShellStep("s", "true")])];

    private static readonly string[] EngineOptions = ["--engine", "--connection", "--task-hub", "--no-worker", "--run-id"];

    private static readonly string[] EngineCommands = ["worker", "runs"];

    [TestMethod]
    public async Task HelpListsNoEngineOptionOrCommandWhenTheProgramHasOnlyTheEmbeddedEngine()
    {
        using (new RegisteredPlugins())
        {
            var help = await HelpAsync();

            StringAssert.Contains(help, "--run-file");
            StringAssert.Contains(help, "--resume");
            foreach (var option in EngineOptions)
            {
                Assert.IsFalse(help.Contains(option, StringComparison.Ordinal), $"{option} in:\n{help}");
            }

            foreach (var command in EngineCommands)
            {
                Assert.IsFalse(ListsCommand(help, command), $"{command} in:\n{help}");
            }
        }
    }

    [TestMethod]
    public async Task HelpListsEveryEngineOptionAndCommandWhenAPluginRegisteredAnEngine()
    {
        using (new RegisteredPlugins(r => r.RegisterEngine("durabletask", () => new IdleEngine())))
        {
            var help = await HelpAsync();

            foreach (var option in EngineOptions)
            {
                StringAssert.Contains(help, option);
            }

            foreach (var command in EngineCommands)
            {
                Assert.IsTrue(ListsCommand(help, command), $"no {command} in:\n{help}");
            }
        }
    }

    [TestMethod]
    public async Task AnEngineCommandOfAProgramWithOnlyTheEmbeddedEngineSaysHowToBuildOneThatHasTheDurableEngine()
    {
        using (new RegisteredPlugins())
        {
            var log = new StringWriter();

            var exitCode = await WorkflowProgram.RunAsync(["worker"], Workflows, "prog", options => options.Log = log);

            Assert.AreEqual(2, exitCode);
            StringAssert.Contains(log.ToString(), "'worker' needs a durable engine");
            StringAssert.Contains(log.ToString(), "<LlmCompilerDurableTask>true</LlmCompilerDurableTask>");
        }
    }

    private static async Task<string> HelpAsync()
    {
        var output = new StringWriter();
        var before = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.AreEqual(0, await WorkflowProgram.RunAsync(["--help"], Workflows, "prog"));
        }
        finally
        {
            Console.SetOut(before);
        }

        return output.ToString();
    }

    /// <summary>Whether the help's command list has <paramref name="command"/>: a line that starts with its name.</summary>
    private static bool ListsCommand(string help, string command) =>
        Regex.IsMatch(help, $@"^\s+{Regex.Escape(command)}\s", RegexOptions.Multiline);

    private sealed class IdleEngine : IWorkflowEngine
    {
        public Task<RunResult> RunAsync(EngineRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WorkAsync(EngineRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
