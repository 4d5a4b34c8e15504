using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A text with <c>{{variable}}</c> references, split into literal text and variable parts.</summary>
internal sealed record Template(IReadOnlyList<TemplatePart> Parts)
{
    public IEnumerable<VariablePart> Variables => Parts.OfType<VariablePart>();

    public bool IsConstant => Parts.All(p => p is TextPart);
}

internal abstract record TemplatePart;

internal sealed record TextPart(string Text) : TemplatePart;

/// <summary>A variable reference as written (<see cref="Name"/>); <see cref="Span"/> covers the whole <c>{{ … }}</c>.</summary>
internal sealed record VariablePart(string Name, SourceSpan Span) : TemplatePart
{
    /// <summary>Gets the variable read, once the checker has resolved the name (<c>r</c> of <c>{{r.a.b}}</c>).</summary>
    public string Root { get; init; } = Name;

    /// <summary>Gets the fields read inside the variable's JSON value, once resolved (<c>a</c>, <c>b</c> of <c>{{r.a.b}}</c>).</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>Gets whether the checker knows the value is an integer (a schema's <c>integer</c> field, a foreach's <c>index</c>).</summary>
    public bool IsInteger { get; init; }
}
