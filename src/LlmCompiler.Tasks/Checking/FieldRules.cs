using System.Globalization;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>The rules a <see cref="FieldDescriptor"/> row states, checked: choices (one of the listed values) and ranges (LLMC2015).</summary>
internal static class FieldRules
{
    /// <summary>Returns the value when it is one of the field's choices; otherwise reports it (with a "did you mean") and returns null.</summary>
    public static string? Choice(FieldDescriptor field, ScalarSyntax value, string isNot, string listName, DiagnosticDescriptor code, DiagnosticBag diagnostics)
    {
        var choices = field.Choices.Select(c => c.Value).ToList();
        if (choices.Contains(value.Value, StringComparer.Ordinal))
        {
            return value.Value;
        }

        diagnostics.Add(code, value.Span,
            $"'{value.Value}' is not {isNot}.{Suggestions.DidYouMean(value.Value, choices)} {listName}: {string.Join(", ", choices)}.");
        return null;
    }

    /// <summary>Returns the number (boxed, as read) when the field's range allows it; otherwise reports it and returns null.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">A <see cref="Located{T}"/> of int, long or double.</param>
    /// <param name="shownAs">The name the message uses (<c>retry: 1000</c> is reported as 'retry', not 'max_attempts').</param>
    /// <param name="diagnostics">Where a problem is reported.</param>
    public static object? Number(FieldDescriptor field, object value, string shownAs, DiagnosticBag diagnostics)
    {
        (double number, object boxed, SourceSpan span) = value switch
        {
            Located<int> i => ((double)i.Value, (object)i.Value, i.Span),
            Located<long> l => ((double)l.Value, (object)l.Value, l.Span),
            Located<double> d => (d.Value, (object)d.Value, d.Span),
            _ => throw new InvalidOperationException($"'{field.Name}' holds {value.GetType().Name}, not a number."),
        };
        if (field.Range is not { } range || range.Contains(number))
        {
            return boxed;
        }

        diagnostics.Add(DiagnosticDescriptors.InvalidValue, span,
            string.Create(CultureInfo.InvariantCulture, $"'{shownAs}' must be {range.Describe()}, not {number}."));
        return null;
    }
}
