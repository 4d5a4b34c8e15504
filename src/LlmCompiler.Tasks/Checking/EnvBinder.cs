using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>Binds templates and <c>env</c> mappings: every variable a template reads must be in scope.</summary>
internal static class EnvBinder
{
    public static List<BoundEnv> Bind(IReadOnlyList<EnvSyntax> env, VariableScope scope, DiagnosticBag diagnostics)
    {
        var bound = new List<BoundEnv>();
        foreach (var entry in env)
        {
            if (Names.CheckEnvironment(entry.Name, diagnostics))
            {
                bound.Add(new BoundEnv(entry.Name.Value, BindTemplate(entry.Value, scope, diagnostics)));
            }
        }

        return bound;
    }

    /// <summary>Checks every reference; the result's parts say which variable and fields each reads.</summary>
    public static Template BindTemplate(Template template, VariableScope scope, DiagnosticBag diagnostics) =>
        new(template.Parts.Select(part => part is VariablePart variable && scope.Check(variable.Name, variable.Span, diagnostics) is { } access
            ? variable with { Root = access.Root, Path = access.Path, IsInteger = access.Type is ScalarType { IsInteger: true } }
            : part).ToList());
}
