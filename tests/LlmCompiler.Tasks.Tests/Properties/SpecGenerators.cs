using CsCheck;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>CsCheck generators for workflows (as <see cref="RawSpec"/> choices) and for mutations of their text.</summary>
internal static class SpecGenerators
{
    private static readonly Gen<int[]> Small = Gen.Int[0, 999].Array[0, 8];

    public static readonly Gen<RawStep> Step = Gen.Select(
        Gen.Int[0, 9], Small, Gen.Int[0, 999].Array[0, 14], Gen.Int[0, 3], Gen.Int[0, 9], Gen.Int[0, 9], Gen.Int[0, 999].Array[0, 4], Gen.Int[0, 999],
        (kind, parts, condition, output, policy, shell, env, each) => new RawStep(kind, parts, condition, output, policy, shell, env, each));

    public static readonly Gen<RawSpec> Spec = Gen.Select(
        Gen.Int[0, 999].Array[0, 3], Gen.Int[0, 999].Array[0, 2], Step.Array[1, 6],
        (inputs, env, steps) => new RawSpec(inputs, env, steps));

    /// <summary>A mutation: (kind, position, argument), applied to a file's text by <see cref="Mutator"/>.</summary>
    public static readonly Gen<(int Kind, int Position, int Argument)> Mutation = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 99_999], Gen.Int[0, 999]);
}
