namespace LlmCompiler.Tasks.Language;

/// <summary>The names the language accepts, for every stage that reads or checks one.</summary>
internal static class NameRules
{
    /// <summary>
    /// A variable as templates and conditions write it: letters, digits, '_' and '-', with single dots between parts
    /// (<c>workflow.step</c> is a value received through <c>wait_for</c>).
    /// </summary>
    public static bool IsVariableName(string name)
    {
        if (name.Length == 0 || name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A workflow, step, input or output name: a variable name without dots (dotted names are values received through wait_for).</summary>
    public static bool IsName(string name) => IsVariableName(name) && !name.Contains('.', StringComparison.Ordinal);
}
