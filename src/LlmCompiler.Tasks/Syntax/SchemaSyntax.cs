using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>
/// A step's <c>schema</c> in the language's JSON Schema subset: <c>type</c>, <c>properties</c>, <c>required</c>,
/// <c>items</c>, <c>enum</c> and <c>description</c>. The parser accepts nothing else, so this record is the whole of it.
/// </summary>
/// <param name="Type">object, array, string, number, integer or boolean.</param>
/// <param name="Span">Where the schema (or the schema file's root) was written.</param>
internal sealed record SchemaSyntax(string Type, SourceSpan Span)
{
    /// <summary>Gets an object's properties, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaSyntax>> Properties { get; init; } = [];

    /// <summary>Gets the properties an object must have.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Gets an array's item schema, or <see langword="null"/> for items of any JSON value.</summary>
    public SchemaSyntax? Items { get; init; }

    /// <summary>Gets the allowed values of a scalar, as written (empty: any value of the type).</summary>
    public IReadOnlyList<string> Enum { get; init; } = [];

    public string? Description { get; init; }

    /// <summary>Gets the file the schema was read from, when <c>schema:</c> named a .json file beside the workflow.</summary>
    public string? File { get; init; }
}
