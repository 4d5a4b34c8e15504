using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Reads a <c>prompt_file</c> or <c>system_file</c>: the file beside the workflow file is parsed as a template with
/// its own <see cref="SourceText"/>, so a problem in it is reported at the prompt file's own line and column. The
/// template's text is then compiled into the program like an inline prompt: nothing reads the file at run time.
/// </summary>
internal static class TemplateFileReader
{
    /// <summary>Returns the file and its template; the template is <see langword="null"/> when the file cannot be read (reported at <paramref name="path"/>).</summary>
    /// <param name="path">The field's value: a path relative to the workflow file.</param>
    /// <param name="workflowFile">The workflow file the path is relative to.</param>
    /// <param name="diagnostics">Where problems go.</param>
    public static TemplateFile Read(ScalarSyntax path, SourceText workflowFile, DiagnosticBag diagnostics)
    {
        var fullPath = Resolve(path.Value, workflowFile.Path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : e.Message;
            diagnostics.Add(DiagnosticDescriptors.TemplateFileUnreadable, path.Span,
                $"The file '{path.Value}' cannot be read ({fullPath}): {reason}. The path is relative to the workflow file.");
            return new TemplateFile(fullPath, null);
        }

        var template = TemplateParser.Parse(ScalarSyntax.WholeText(new SourceText(fullPath, text)), diagnostics);
        return new TemplateFile(fullPath, template);
    }

    /// <summary>The full path of <paramref name="path"/>, relative to the directory of <paramref name="workflowFile"/>.</summary>
    internal static string Resolve(string path, string workflowFile) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(workflowFile)) ?? ".", path));
}
