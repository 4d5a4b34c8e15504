namespace LlmCompiler.Tasks.Language;

/// <summary>
/// What a field's value is, as the parser reads it, the editor schema describes it and the emitter writes it.
/// A new kind means an arm in <c>Parsing/FieldReader.Value</c> (or <c>WorkflowParser</c>, for a structural workflow
/// field) and in <c>WorkflowSchema.WriteField</c> (which throws once a row has a kind it lacks, so the schema tests fail);
/// and, only when the value it reads or binds is a type no arm handles yet, one in <c>Checking/StepBinder.BindValue</c>
/// and one in <c>Emit/StepEmitter.AddProperty</c>.
/// </summary>
internal enum ValueKind
{
    /// <summary>Plain text, taken as written (no templates).</summary>
    Text,

    /// <summary>Text with <c>{{variable}}</c> references, parsed into a template.</summary>
    Template,

    /// <summary>The path of a file (relative to the workflow file) holding a template, read and parsed at build time.</summary>
    TemplateFile,

    /// <summary>An <c>if</c> expression, parsed into a condition.</summary>
    Condition,

    /// <summary>One of the field's <see cref="FieldDescriptor.Choices"/>.</summary>
    Choice,

    /// <summary>A whole number (32-bit).</summary>
    Integer,

    /// <summary>A whole number (64-bit).</summary>
    Integer64,

    /// <summary>A number (fractions allowed).</summary>
    Number,

    /// <summary>A whole number of seconds.</summary>
    WholeSeconds,

    /// <summary>A number of seconds (fractions allowed).</summary>
    Seconds,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Text, or a list of text.</summary>
    TextList,

    /// <summary>Any scalar kept as written, even when empty (an input's default).</summary>
    Scalar,

    /// <summary>A mapping of environment variable names to templates.</summary>
    Env,

    /// <summary>A mapping of names to templates: a call's <c>with</c>, a workflow's <c>outputs</c>.</summary>
    Arguments,

    /// <summary>A JSON Schema in the language's subset, inline or as the path of a .json file beside the workflow.</summary>
    Schema,

    /// <summary>A number of attempts, or a mapping with the <see cref="LanguageTable.Retry"/> fields.</summary>
    Retry,

    /// <summary><c>fromJSON(var)</c>, <c>lines(var)</c>, an array variable, or a list of scalars: a <c>foreach</c> source.</summary>
    Foreach,

    /// <summary>A list of steps (<see cref="LanguageTable.Step"/> fields each).</summary>
    Steps,

    /// <summary>A mapping of names to plain text (no templates; <c>${VAR}</c> is read at run time): an MCP server's <c>env</c> and <c>headers</c>.</summary>
    TextMap,

    /// <summary>A mapping of MCP server names to their settings (<see cref="LanguageTable.McpServer"/> fields each).</summary>
    McpServers,

    /// <summary>A mapping of input names to their settings (<see cref="LanguageTable.Input"/> fields each).</summary>
    Inputs,
}
