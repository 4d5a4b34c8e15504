namespace LlmCompiler.Tasks.Parsing;

/// <summary>A node of a workflow file's YAML tree, with the character range it came from.</summary>
internal abstract record YamlNode(int Start, int End)
{
    /// <summary>Gets the YAML kind for messages ("a mapping", "a list", "text").</summary>
    public abstract string KindName { get; }
}

internal sealed record YamlScalar(int Start, int End, string Value, YamlDotNet.Core.ScalarStyle Style) : YamlNode(Start, End)
{
    public override string KindName => "a scalar";
}

internal sealed record YamlSequence(int Start, int End, IReadOnlyList<YamlNode> Items) : YamlNode(Start, End)
{
    public override string KindName => "a list";
}

internal sealed record YamlMapping(int Start, int End, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Start, End)
{
    public override string KindName => "a mapping";
}
