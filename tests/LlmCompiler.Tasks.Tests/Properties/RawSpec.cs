namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// The random choices behind a <see cref="Spec"/>. CsCheck generates and shrinks these plain numbers; the
/// <see cref="SpecBuilder"/> turns them into a valid workflow, so a shrunk failure is still a valid workflow.
/// </summary>
internal sealed record RawSpec(int[] Inputs, int[] Env, RawStep[] Steps);

internal sealed record RawStep(int Kind, int[] Parts, int[] Condition, int Output, int Policy, int Shell, int[] Env, int Foreach);
