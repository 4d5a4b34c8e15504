namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>A lexer that follows a shell command's quoting as text is fed to it, and knows whether a value can be referenced where it stands.</summary>
internal interface IQuotingLexer
{
    /// <summary>Gets whether a template value can be referenced at the current position (some quoting forms expand nothing).</summary>
    bool CanReferenceHere { get; }

    void Feed(string text);
}
