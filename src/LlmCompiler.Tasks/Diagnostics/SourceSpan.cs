namespace LlmCompiler.Tasks.Diagnostics;

/// <summary>A range in a workflow file; lines and columns are 1-based, the end is inclusive-exclusive like YamlDotNet's marks.</summary>
internal readonly record struct SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(string file, int line, int column) => new(file, line, column, line, column);

    public override string ToString() => $"{File}({Line},{Column})";
}
