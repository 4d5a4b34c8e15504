using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>Binds a template, wherever it is written (a prompt, a command, an env value, a call's argument, an output): every variable it reads must be in scope.</summary>
internal static class TemplateBinder
{
    /// <summary>Checks every reference; the result's parts say which variable and fields each reads.</summary>
    public static Template Bind(Template template, VariableScope scope, DiagnosticBag diagnostics) =>
        new(template.Parts.Select(part => part is VariablePart variable && scope.Check(variable.Name, variable.Span, diagnostics) is { } access
            ? variable with { Root = access.Root, Path = access.Path, IsInteger = access.Type is ScalarType { IsInteger: true } }
            : part).ToList());
}
