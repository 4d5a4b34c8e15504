namespace LlmCompiler.Tasks.Parsing;

internal enum ConditionTokenKind
{
    End,
    Variable,
    String,
    Word,
    Equal,
    NotEqual,
    And,
    Or,
    Not,
    Open,
    Close,
    Comma,
    Compare,
}

/// <summary>A token of a condition: its text as written, its value (a string's contents, a reference's name) and its offsets.</summary>
internal sealed record ConditionToken(ConditionTokenKind Kind, string Text, string Value, int Start, int End);
