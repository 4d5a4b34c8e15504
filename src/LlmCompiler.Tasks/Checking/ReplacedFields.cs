using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// The rule of <see cref="FieldDescriptor.Replaces"/> rows (<c>prompt_file</c> for <c>prompt</c>, <c>system_file</c>
/// for <c>system</c>): either one gives the value, both together is an error (LLMC2040).
/// </summary>
internal static class ReplacedFields
{
    /// <summary>Returns whether the step gives <paramref name="field"/>, itself or through a row that replaces it.</summary>
    public static bool IsGiven(StepSyntax syntax, FieldDescriptor field) =>
        syntax.Fields.Has(field) || StepFields.All.Any(f => f.Replaces == field && syntax.Fields.Keys.ContainsKey(f.Name));

    /// <summary>The rows that may stand in for <paramref name="field"/>, for the "has no 'prompt'" message.</summary>
    public static string Alternatives(FieldDescriptor field) =>
        string.Concat(StepFields.All.Where(f => f.Replaces == field).Select(f => $" or '{f.Name}'"));

    /// <summary>Reports each replacing row given together with the row it replaces, at the replacing row's key.</summary>
    public static void ReportBoth(StepSyntax syntax, StepTypes kind, DiagnosticBag diagnostics)
    {
        foreach (var field in StepFields.All)
        {
            if (field.Replaces is { } replaced && field.AppliesTo(kind)
                && syntax.Fields.Keys.TryGetValue(field.Name, out var key) && syntax.Fields.Keys.ContainsKey(replaced.Name))
            {
                diagnostics.Add(DiagnosticDescriptors.ReplacedFieldGivenTwice, key,
                    $"'{field.Name}' and '{replaced.Name}' are both given; a step takes one of them. Keep the file and remove '{replaced.Name}', or the reverse.");
            }
        }
    }
}
