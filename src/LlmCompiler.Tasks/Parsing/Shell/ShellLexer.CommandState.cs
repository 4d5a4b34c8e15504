namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>The words and simple commands of one command context, as the lexer reads them.</summary>
internal sealed partial class ShellLexer
{
    /// <summary>The simple commands of one bare frame: the word being read, the command it belongs to, and its place in a pipeline.</summary>
    private sealed class CommandState(ShellLexer lexer, string? arrayLiteral)
    {
        private ShellSimpleCommand? _command;
        private ShellWord? _word;
        private string? _redirection;
        private int _pipeline = lexer._pipelines++;
        private int _stage;

        public bool InDoubleBracket { get; private set; }

        /// <summary>Gets how many <c>case</c> commands are open, whose patterns end with a ')' that closes nothing.</summary>
        public int OpenCases { get; private set; }

        public bool AtWordStart => _word is null;

        public ShellSimpleCommand Command()
        {
            if (_command is null)
            {
                _command = new ShellSimpleCommand(_pipeline, _stage);
                if (arrayLiteral is null)
                {
                    lexer._commands.Add(_command);
                }
            }

            return _command;
        }

        public ShellWord Word() => _word ??= new ShellWord(Command()) { Redirection = TakeRedirection(), ArrayLiteral = arrayLiteral };

        /// <summary>The array a word like <c>name=</c> or <c>name+=</c> assigns to when a '(' follows it: an array literal.</summary>
        public string? AssignmentTarget()
        {
            var text = _word?.Text;
            if (text is null || !text.EndsWith('=') || _word!.HasTemplate)
            {
                return null;
            }

            var name = text.TrimEnd('=').TrimEnd('+');
            return ShellPositionRules.IsName(name) ? name : null;
        }

        public void RedirectNext(string redirection)
        {
            Command();
            _redirection = redirection;
        }

        /// <param name="fileDescriptor">Whether a word of digits alone is the file descriptor of a redirection that follows (<c>2&gt;</c>).</param>
        public void EndWord(bool fileDescriptor = false)
        {
            if (_word is not { } word)
            {
                return;
            }

            _word = null;
            if (fileDescriptor && !word.HasTemplate && word.Redirection is null && word.Text.Length > 0 && word.Text.All(char.IsAsciiDigit))
            {
                return;
            }

            if (word.Redirection is not null)
            {
                word.Command.Redirections.Add(word);
                return;
            }

            word.Command.Words.Add(word);
            var first = ShellPositionRules.CommandStart(word.Command.Words.Select(w => w.Text).ToList()) == word.Command.Words.Count - 1;
            if (first && word.Text == "[[")
            {
                InDoubleBracket = true;
            }
            else if (first && word.Text == "case")
            {
                OpenCases++;
            }
            else if (first && word.Text == "esac" && OpenCases > 0)
            {
                OpenCases--;
            }
            else if (InDoubleBracket && word.Text == "]]")
            {
                InDoubleBracket = false;
            }
        }

        public void EndCommand(bool newPipeline)
        {
            EndWord();
            _command = null;
            _redirection = null;
            InDoubleBracket = false;
            if (newPipeline)
            {
                _pipeline = lexer._pipelines++;
                _stage = 0;
            }
            else
            {
                _stage++;
            }
        }

        private string? TakeRedirection()
        {
            var redirection = _redirection;
            _redirection = null;
            return redirection;
        }
    }
}
