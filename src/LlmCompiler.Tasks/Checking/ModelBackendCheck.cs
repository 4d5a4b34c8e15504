using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// A step whose kind names a backend package (the model steps) needs that package in the program (LLMC0007): without
/// it the step could only fail at run time. The build knows which step types have a backend from the plugins the
/// referenced packages announce.
/// </summary>
internal static class ModelBackendCheck
{
    public static void Check(IReadOnlyList<CheckedFile> files, IReadOnlyCollection<string> backends, DiagnosticBag diagnostics)
    {
        foreach (var file in files)
        {
            foreach (var step in file.Workflows.SelectMany(w => w.Steps))
            {
                var type = step.Kind.Name;
                if (step.Kind.Backend is not var (package, property) || backends.Contains(type))
                {
                    continue;
                }

                diagnostics.Add(DiagnosticDescriptors.ModelBackendMissing, step.Span,
                    $"The {type} step '{step.Name}' needs a backend, but the project does not reference {package}. "
                    + $"Remove {property}=false (its default 'auto' adds the package when a workflow has a {type} step) or set it to true, "
                    + $"or reference {package}, then restore. A project that supplies its own backend in ConfigureRun declares it with <LlmCompilerModelBackend Include=\"{type}\" />.");
            }
        }
    }
}
