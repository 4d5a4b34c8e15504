using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// The files besides the workflow files that the generated code depends on: prompt files (<c>prompt_file</c>,
/// <c>system_file</c>) and schema files (<c>schema: x.json</c>). The build takes them as inputs, so editing one
/// regenerates; a missing prompt file is listed too, so that creating it reruns the build.
/// </summary>
internal static class FileDependencies
{
    /// <summary>Every such file the parsed workflows name, as full paths, sorted.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<ParsedFile> files) =>
        files.SelectMany(f => f.Workflows).SelectMany(w => w.Steps)
            .SelectMany(s => s.Fields.Values.Values)
            .Select(value => value switch
            {
                TemplateFile prompt => prompt.FullPath,
                SchemaSyntax { File: { } schemaFile } => schemaFile,
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
