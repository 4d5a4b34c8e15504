using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Model steps need their backend package in the program (LLMC0007): without it the step could only fail at run
/// time. The build knows which step types have a backend from the plugins the referenced packages announce.
/// </summary>
internal static class ModelBackendCheck
{
    public static void Check(IReadOnlyList<CheckedFile> files, IReadOnlyCollection<string> backends, DiagnosticBag diagnostics)
    {
        foreach (var file in files)
        {
            foreach (var step in file.Workflows.SelectMany(w => w.Steps))
            {
                if (Backend(step.Kind) is not { } backend || backends.Contains(backend.Type))
                {
                    continue;
                }

                var (type, package, property) = backend;

                diagnostics.Add(DiagnosticDescriptors.ModelBackendMissing, step.Span,
                    $"The {type} step '{step.Name}' needs a backend, but the project does not reference {package}. "
                    + $"Remove {property}=false (its default 'auto' adds the package when a workflow has a {type} step) or set it to true, "
                    + $"or reference {package}, then restore. A project that supplies its own backend in ConfigureRun declares it with <LlmCompilerModelBackend Include=\"{type}\" />.");
            }
        }
    }

    /// <summary>The step type's name, the package that serves it and the SDK property that adds the package.</summary>
    private static (string Type, string Package, string Property)? Backend(StepTypes kind) => kind switch
    {
        StepTypes.LocalLlm => ("local_llm", "LlmCompiler.Runtime.LlamaSharp", "LlmCompilerAddLocalBackend"),
        StepTypes.Llm => ("llm", "LlmCompiler.Runtime.OpenAI", "LlmCompilerAddRemoteBackend"),
        _ => null,
    };
}
