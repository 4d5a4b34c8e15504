namespace LlmCompiler.Tasks.Emit;

/// <summary>A Mermaid node shape: the brackets around a node's quoted label. A step kind picks one (<c>StepKind.Shape</c>).</summary>
/// <param name="Open">What comes before the label's opening quote.</param>
/// <param name="Close">What comes after the label's closing quote.</param>
internal sealed record MermaidShape(string Open, string Close)
{
    /// <summary>A rectangle: a command.</summary>
    public static MermaidShape Rectangle { get; } = new("[", "]");

    /// <summary>A stadium (rounded ends): a model prompt.</summary>
    public static MermaidShape Stadium { get; } = new("([", "])");

    /// <summary>A subroutine (double side lines): a call of another workflow.</summary>
    public static MermaidShape Subroutine { get; } = new("[[", "]]");

    /// <summary>A rhombus: a question to a person (<c>type: input</c>), where the flow waits for a decision.</summary>
    public static MermaidShape Rhombus { get; } = new("{", "}");
}
