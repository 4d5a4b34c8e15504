using System.Text;

namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>The lexer's stack: what each frame is (a command context, a quote, arithmetic, a parameter expansion) and how it closes.</summary>
internal sealed partial class ShellLexer
{
    private enum FrameKind
    {
        Bare,
        SingleQuoted,
        AnsiCQuoted,
        DoubleQuoted,
        Arithmetic,
        Parameter,
    }

    private enum Closer
    {
        None,
        Parenthesis,
        Backtick,
        DoubleParenthesis,
        Bracket,
    }

    private enum ParameterPhase
    {
        Name,
        Operator,
        Subscript,
        Offset,
        Word,
    }

    private sealed record HereDocument(string Delimiter, bool Quoted, bool StripTabs, ShellSimpleCommand Command);

    /// <summary>
    /// A template seen, with what is known of its place until <see cref="Finish"/> decides it; and, when it stands in a
    /// command substitution, where that substitution's output lands (<c>Output</c>): the shell reads the output there, so
    /// a value that is data inside <c>$(echo …)</c> is arithmetic inside <c>$(( $(echo …) ))</c>.
    /// </summary>
    private sealed record PendingMark(
        ShellMark Mark,
        ShellPosition? Frame = null,
        ShellWord? Word = null,
        ShellSimpleCommand? HereDocumentOf = null,
        Site? Output = null);

    /// <summary>
    /// Where a command substitution's output stands: known at once (arithmetic), or a place in a word or a here-document
    /// decided with the rest of the command; <c>Output</c> is the same for a substitution within a substitution.
    /// </summary>
    private sealed record Site(
        ShellPosition? Frame = null,
        ShellWord? Word = null,
        int Offset = 0,
        ShellSimpleCommand? HereDocumentOf = null,
        Site? Output = null);

    private sealed class Frame
    {
        private Frame(FrameKind kind, Closer closer)
        {
            Kind = kind;
            Closer = closer;
        }

        public FrameKind Kind { get; }

        public Closer Closer { get; }

        public int Depth { get; set; }

        /// <summary>Gets the commands read in a bare frame (the top, a <c>$(…)</c>, a backtick substitution, an array literal).</summary>
        public CommandState? State { get; private init; }

        /// <summary>Gets where a command substitution's output lands (null for the top level and an array literal).</summary>
        public Site? Output { get; private init; }

        /// <summary>Gets what an arithmetic frame is, for messages.</summary>
        public string? Where { get; private init; }

        /// <summary>Gets the quoting around a parameter expansion, which its word part follows.</summary>
        public ShellContext Enclosing { get; private init; }

        public ParameterPhase Phase { get; set; }

        public StringBuilder Name { get; } = new();

        public bool Prefixed { get; set; }

        public ShellContext Quoting => Kind switch
        {
            FrameKind.SingleQuoted => ShellContext.SingleQuoted,
            FrameKind.AnsiCQuoted => ShellContext.AnsiCQuoted,
            FrameKind.DoubleQuoted => ShellContext.DoubleQuoted,
            FrameKind.Arithmetic => ShellContext.Arithmetic,
            FrameKind.Parameter => Enclosing,
            _ => ShellContext.Bare,
        };

        public static Frame Commands(Closer closer, CommandState state, Site? output = null) => new(FrameKind.Bare, closer) { State = state, Output = output };

        public static Frame Quoted(FrameKind kind) => new(kind, Closer.None);

        public static Frame Arithmetic(Closer closer, string where) => new(FrameKind.Arithmetic, closer) { Where = where };

        public static Frame Parameter(ShellContext enclosing) => new(FrameKind.Parameter, Closer.None) { Enclosing = enclosing == ShellContext.DoubleQuoted ? enclosing : ShellContext.Bare };
    }
}
