namespace LlmCompiler.Tasks.Syntax;

/// <summary>A template read from a file of its own (<c>prompt_file</c>, <c>system_file</c>): the file is an input of the build.</summary>
/// <param name="FullPath">The file's full path, for the build's list of inputs.</param>
/// <param name="Template">Its text, parsed (spans point into the file); <see langword="null"/> when it could not be read (reported).</param>
internal sealed record TemplateFile(string FullPath, Template? Template);
