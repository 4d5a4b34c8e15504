namespace LlmCompiler.Tasks.Diagnostics;

/// <summary>Collects diagnostics so that every stage reports every problem and goes on.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Add(DiagnosticDescriptor descriptor, SourceSpan span, string message)
    {
        _items.Add(new Diagnostic(descriptor, span, message));
        HasErrors |= descriptor.Severity == DiagnosticSeverity.Error;
    }

    public void AddRange(DiagnosticBag other)
    {
        _items.AddRange(other._items);
        HasErrors |= other.HasErrors;
    }
}
