using System.Text;

namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// One PowerShell statement (up to <c>;</c>, a newline or a brace) and the templates in it. PowerShell never re-parses a
/// variable's value, except where a statement asks it to run text as code: <c>Invoke-Expression</c> (<c>iex</c>),
/// <c>[ScriptBlock]::Create</c>, <c>ExpandString</c>, <c>InvokeScript</c>, <c>Add-Type</c> (compiles C#), dot-sourcing
/// (<c>. file</c>), and the interpreters of <see cref="ShellInterpreters"/> (<c>pwsh -Command</c>, <c>bash -c</c>, …).
/// A template anywhere in such a statement is code, since a pipeline (<c>"…" | iex</c>) carries it there.
/// </summary>
internal sealed class PowerShellStatement
{
    private static readonly string[] CodeCommands = ["iex", "invoke-expression", "add-type"];

    private static readonly string[] CodeMethods = ["[scriptblock]::create", ".expandstring(", ".invokescript(", ".newscriptblock("];

    private readonly StringBuilder _text = new();
    private readonly List<ShellMark> _marks = [];

    public void Append(char c) => _text.Append(c);

    public void Add(ShellMark mark)
    {
        _marks.Add(mark);
        _text.Append(ShellWord.TemplateMarker);
    }

    /// <summary>Sets every mark's position once the statement is read whole.</summary>
    public void Decide()
    {
        if (_marks.Count == 0)
        {
            return;
        }

        var text = _text.ToString();
        var lower = text.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        var words = text.Split([' ', '\t', '\r', '\n', '|', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"', '\'')).ToList();
        var command = words.FirstOrDefault(w => CodeCommands.Contains(w, StringComparer.OrdinalIgnoreCase))
            ?? CodeMethods.FirstOrDefault(m => lower.Contains(m, StringComparison.Ordinal))
            ?? (text.TrimStart().StartsWith(". ", StringComparison.Ordinal) ? ". (dot-sourcing)" : null);
        var marker = 0;
        foreach (var mark in _marks)
        {
            var index = WordOf(words, marker++);
            mark.Position = command is not null
                ? ShellPosition.Code($"a statement that runs text with '{command}'")
                : ShellInterpreters.Of(words, 0, index) ?? ShellPosition.Data;
        }
    }

    /// <summary>The index of the word holding the <paramref name="n"/>th template.</summary>
    private static int WordOf(List<string> words, int n)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var count = words[i].Count(c => c == ShellWord.TemplateMarker);
            if (n < count)
            {
                return i;
            }

            n -= count;
        }

        return words.Count;
    }
}
