using DurableTask.Core;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>Registers an orchestration or activity under a fixed name of ours (not a CLR type name), made fresh for each execution.</summary>
internal sealed class NamedCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public NamedCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
