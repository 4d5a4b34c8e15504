using System.Text;
using LlmCompiler.Tasks.Parsing.Shell;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>
/// The walk both shells' rewriters share: literal text is copied and fed to the shell's lexer, and each
/// <c>{{name}}</c> becomes a reference to the environment variable that carries its value, written by the shell's
/// own rule for the position the lexer is in.
/// </summary>
internal static class EnvironmentReferences
{
    /// <param name="template">The command template.</param>
    /// <param name="lexer">The shell's lexer, fresh.</param>
    /// <param name="reference">Writes a reference to the environment variable (its name given) where the lexer stands.</param>
    public static ShellCommand Rewrite<TLexer>(Template template, TLexer lexer, Func<TLexer, string, string> reference)
        where TLexer : IQuotingLexer
    {
        var command = new StringBuilder();
        var names = new EnvironmentVariableNames();
        foreach (var part in template.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    command.Append(text.Text);
                    lexer.Feed(text.Text);
                    break;
                case VariablePart variable when lexer.CanReferenceHere:
                    command.Append(reference(lexer, names.For(variable.Name)));
                    break;
                case VariablePart variable:
                    throw new InvalidOperationException($"'{{{{{variable.Name}}}}}' stands where no quoting reaches; the checker reports that (LLMC3001).");
            }
        }

        return new ShellCommand(command.ToString(), names.Pairs);
    }
}
