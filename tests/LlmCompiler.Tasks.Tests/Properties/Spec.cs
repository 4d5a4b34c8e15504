namespace LlmCompiler.Tasks.Tests.Properties;

// A generated workflow, as a model the tests understand independently of the compiler: it renders to YAML and the
// reference evaluator predicts what running it does.

internal enum SpecType
{
    Text,
    Number,
    Boolean,
}

internal sealed record SpecInput(string Name, SpecType Type, string? Default, bool Required, string? Given);

internal sealed record SpecEnv(string Name, IReadOnlyList<SpecPart> Value);

/// <summary>A piece of a shell word: literal text (single- or double-quoted) or a variable, or an env reference.</summary>
internal abstract record SpecPart;

internal sealed record LiteralPart(string Text, bool DoubleQuoted) : SpecPart;

internal sealed record VariablePart(string Name, int Quoting) : SpecPart;

internal sealed record EnvPart(string Name) : SpecPart;

internal sealed record SpecStep(string Name)
{
    public string Kind { get; init; } = "print"; // print | fail | llm

    public IReadOnlyList<SpecPart> Parts { get; init; } = [];

    public int ExitCode { get; init; }

    public string? Output { get; init; }

    public SpecExpr? Condition { get; init; }

    public bool ContinueOnError { get; init; }

    public int Retry { get; init; }

    public double? Timeout { get; init; }

    public string Shell { get; init; } = "sh";

    public IReadOnlyList<SpecEnv> Env { get; init; } = [];

    /// <summary>Gets the step's foreach source, or <see langword="null"/> for a single run.</summary>
    public SpecForeach? Foreach { get; init; }
}

internal enum SpecForeachKind
{
    List,
    Array,
    FromJson,
    Lines,
}

/// <summary>A foreach source: listed items, or a variable (an earlier foreach step's output, or any text for lines).</summary>
internal sealed record SpecForeach(SpecForeachKind Kind, IReadOnlyList<string> Items, string? Variable)
{
    public int? MaxParallel { get; init; }

    public bool FailFast { get; init; } = true;
}

internal sealed record Spec(string Name, IReadOnlyList<SpecInput> Inputs, IReadOnlyList<SpecEnv> Env, IReadOnlyList<SpecStep> Steps);
