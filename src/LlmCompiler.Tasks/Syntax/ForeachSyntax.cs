using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>How a <c>foreach</c> source gives its items.</summary>
internal enum ForeachKind
{
    /// <summary><c>fromJSON(var)</c>: a JSON array in a text variable.</summary>
    FromJson,

    /// <summary><c>lines(var)</c>: the variable's non-blank lines.</summary>
    Lines,

    /// <summary>A bare variable, which the checker must know to be an array.</summary>
    Variable,

    /// <summary>A YAML sequence of scalars, written in the file.</summary>
    List,
}

/// <summary>A <c>foreach</c> source as written: the variable (and where it is) or the listed items.</summary>
internal sealed record ForeachSyntax(ForeachKind Kind, SourceSpan Span)
{
    /// <summary>Gets the variable the items come from; <see langword="null"/> for a list.</summary>
    public string? Variable { get; init; }

    public SourceSpan VariableSpan { get; init; }

    /// <summary>Gets the listed items, for <see cref="ForeachKind.List"/>.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];
}
