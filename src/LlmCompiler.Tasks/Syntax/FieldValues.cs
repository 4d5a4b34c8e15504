using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>
/// The fields of a mapping as written, read by their <see cref="FieldDescriptor"/>: each value in the shape its
/// <see cref="ValueKind"/> gives (<see cref="ScalarSyntax"/>, <see cref="Located{T}"/>, <see cref="Template"/>,
/// <see cref="ConditionSyntax"/>, lists, nested <see cref="FieldValues"/>), and the span of each key present.
/// </summary>
internal sealed record FieldValues(SourceSpan Span, IReadOnlyDictionary<string, object> Values, IReadOnlyDictionary<string, SourceSpan> Keys)
{
    public static FieldValues Empty(SourceSpan span) => new(span, new Dictionary<string, object>(), new Dictionary<string, SourceSpan>());

    /// <summary>Returns the field's value, or <see langword="null"/> when it is absent (or could not be read).</summary>
    public T? Get<T>(FieldDescriptor field)
        where T : class => Values.TryGetValue(field.Name, out var value) ? (T)value : null;

    public bool Has(FieldDescriptor field) => Values.ContainsKey(field.Name);
}
