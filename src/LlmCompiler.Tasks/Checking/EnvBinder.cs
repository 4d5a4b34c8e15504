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

    public static Template BindTemplate(Template template, VariableScope scope, DiagnosticBag diagnostics)
    {
        foreach (var variable in template.Variables)
        {
            scope.Check(variable.Name, variable.Span, diagnostics);
        }

        return template;
    }
}
