using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks the plugin types referenced packages announce (<c>LlmCompilerPlugin</c> items): each must be a full type
/// name, because the emitter writes it into generated code as <c>global::Name</c>.
/// </summary>
internal static class PluginChecker
{
    /// <summary>Returns the distinct, trimmed plugin names; a name that is not a type name is reported (LLMC0004) at <paramref name="span"/>.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> plugins, SourceSpan span, DiagnosticBag diagnostics)
    {
        var names = plugins.Select(p => p.Trim()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var plugin in names.Where(p => !IsTypeName(p)))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidPlugin, span,
                $"The LlmCompilerPlugin item '{plugin}' is not a full type name such as 'Company.Product.Plugin'. Check the package that declares it.");
        }

        return names;
    }

    private static bool IsTypeName(string name) =>
        name.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_'));
}
