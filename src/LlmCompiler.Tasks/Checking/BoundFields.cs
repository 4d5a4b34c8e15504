using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checked field values by their <see cref="FieldDescriptor"/>: text as <see cref="string"/>, numbers and booleans
/// boxed, templates as <see cref="Syntax.Template"/>, <c>if</c> as <see cref="BoundCondition"/>, env as
/// <see cref="BoundEnv"/> lists, lists of text, and <c>retry</c> as nested <see cref="BoundFields"/>. Absent fields have no entry.
/// </summary>
internal sealed class BoundFields
{
    private readonly Dictionary<FieldDescriptor, object> _values = new(ReferenceEqualityComparer.Instance);

    public BoundFields(IEnumerable<KeyValuePair<FieldDescriptor, object>> values)
    {
        foreach (var (field, value) in values)
        {
            _values[field] = value;
        }
    }

    public static BoundFields Empty { get; } = new([]);

    public object? this[FieldDescriptor field] => _values.GetValueOrDefault(field);

    public T? Get<T>(FieldDescriptor field)
        where T : class => _values.GetValueOrDefault(field) as T;
}
