using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Emit.Shell;

namespace LlmCompiler.Tasks.Tests.Emit.Shell;

/// <summary>Runs a rewritten command as the generated step would: through the runtime, every template's value set to one payload.</summary>
internal static class ShellRuns
{
    public static async Task<StepResult> RunAsync(ShellCommand command, string shell, string payload)
    {
        var step = new ShellStep("s", command.Command)
        {
            Shell = shell,
            Output = "out",
            Environment = _ => command.Environment.Select(e => new KeyValuePair<string, string>(e.Key, payload)).ToList(),
            IntegerValues = command.IntegerValues.Select(v => new ShellIntegerValue(v.Variable, v.Template, v.Where)).ToList(),
        };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null });
        return result.Workflows[0].Steps[0];
    }
}
