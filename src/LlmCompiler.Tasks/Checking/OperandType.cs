namespace LlmCompiler.Tasks.Checking;

/// <summary>What the checker knows about a condition operand's type. Step outputs are text of unknown shape: <see cref="Dynamic"/>.</summary>
internal enum OperandType
{
    Dynamic,
    String,
    Number,
    Boolean,
}
