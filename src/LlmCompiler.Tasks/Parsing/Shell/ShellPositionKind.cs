namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>What a shell does with a template's value where it stands.</summary>
internal enum ShellPositionKind
{
    /// <summary>Data: the value reaches the command byte for byte.</summary>
    Data,

    /// <summary>The shell evaluates the text as an arithmetic expression (bash runs command substitutions in array subscripts there): only an integer may stand here.</summary>
    Arithmetic,

    /// <summary>The shell reads the text as a variable name, whose subscript it evaluates as arithmetic: refused at build time.</summary>
    Name,

    /// <summary>The command runs its argument as code (<c>eval</c>, <c>sh -c</c>, <c>source</c>, …): the value runs as code, as the command says, and the build warns.</summary>
    Code,
}
