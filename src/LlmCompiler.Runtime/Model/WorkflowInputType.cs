namespace LlmCompiler.Runtime;

/// <summary>The type of a workflow input.</summary>
public enum WorkflowInputType
{
    /// <summary>Any text.</summary>
    String,

    /// <summary>A number in invariant culture (<c>3</c>, <c>-1.5</c>).</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
}
