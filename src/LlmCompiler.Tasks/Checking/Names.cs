using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>The rules for names the user chooses: workflows, steps, inputs, outputs and environment variables.</summary>
internal static class Names
{
    public static bool Check(ScalarSyntax name, string what, DiagnosticBag diagnostics)
    {
        if (NameRules.IsName(name.Value))
        {
            return true;
        }

        diagnostics.Add(DiagnosticDescriptors.InvalidName, name.Span,
            $"'{name.Value}' is not a valid {what} name. Use letters, digits, '_' and '-'; no dots or spaces.");
        return false;
    }

    /// <summary>An environment variable name that is portable and not reserved for template values.</summary>
    public static bool CheckEnvironment(ScalarSyntax name, DiagnosticBag diagnostics)
    {
        var text = name.Value;
        var valid = text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (valid && !text.StartsWith(LanguageTable.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        diagnostics.Add(DiagnosticDescriptors.InvalidName, name.Span, valid
            ? $"'{text}' starts with {LanguageTable.EnvironmentPrefix}, which is reserved for the variables that carry template values."
            : $"'{text}' is not a valid environment variable name. Use letters, digits and '_', not starting with a digit.");
        return false;
    }
}
