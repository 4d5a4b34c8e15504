using System.Text;

namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// One word of a simple command as the shell will see it after quote removal: its literal text, with
/// <see cref="TemplateMarker"/> where a template's value will stand, and which marks stand in it at which offset.
/// </summary>
internal sealed class ShellWord(ShellSimpleCommand command)
{
    /// <summary>Stands for a template's value in <see cref="Text"/>: never part of a command's own text.</summary>
    public const char TemplateMarker = '\u0001';

    private readonly StringBuilder _text = new();

    public ShellSimpleCommand Command { get; } = command;

    public string Text => _text.ToString();

    /// <summary>Gets the marks in this word, with the offset in <see cref="Text"/> where each stands.</summary>
    public List<(ShellMark Mark, int Offset)> Marks { get; } = [];

    /// <summary>Gets or sets the redirection operator this word is the target of (<c>&lt;</c>, <c>&gt;&gt;</c>, <c>&lt;&lt;&lt;</c>), or null for an argument.</summary>
    public string? Redirection { get; set; }

    /// <summary>Gets or sets the array this word is an element of, in <c>name=( … )</c>.</summary>
    public string? ArrayLiteral { get; set; }

    public bool HasTemplate => Marks.Count > 0;

    public void Append(char c) => _text.Append(c);

    public void Append(string text) => _text.Append(text);

    public void Add(ShellMark mark)
    {
        Marks.Add((mark, _text.Length));
        _text.Append(TemplateMarker);
    }
}
