using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>Binds an <c>env</c> mapping (a workflow's or a shell step's): valid names, and values bound as templates.</summary>
internal static class EnvBinder
{
    public static List<BoundEnv> Bind(IReadOnlyList<EnvSyntax> env, VariableScope scope, DiagnosticBag diagnostics)
    {
        var bound = new List<BoundEnv>();
        foreach (var entry in env)
        {
            if (Names.CheckEnvironment(entry.Name, diagnostics))
            {
                bound.Add(new BoundEnv(entry.Name.Value, TemplateBinder.Bind(entry.Value, scope, diagnostics)));
            }
        }

        return bound;
    }
}
