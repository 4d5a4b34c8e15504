namespace LlmCompiler.Runtime.Core;

/// <summary>How a failure reads in the console and the run file: a step's own message as is, anything else with its type.</summary>
internal static class StepErrors
{
    public static string Describe(Exception failure) =>
        failure is StepFailedException ? failure.Message : $"{failure.GetType().Name}: {failure.Message}";
}
