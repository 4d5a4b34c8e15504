using System.ComponentModel;
using System.Globalization;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What one iteration of a looping step reads: <c>loop.iteration</c> (from 1) and <c>loop.previous</c> (the previous
/// iteration's output, empty on the first) over the workflow's state; and, while <c>until</c> is checked, the
/// iteration's own output under the step's <c>output</c> name. The workflow's variables are not written meanwhile.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoopVariables : IWorkflowState
{
    /// <summary>The name templates read the iteration's number by.</summary>
    public const string IterationName = "loop.iteration";

    /// <summary>The name templates read the previous iteration's output by.</summary>
    public const string PreviousName = "loop.previous";

    private readonly IWorkflowState _workflow;
    private readonly string _iteration;
    private readonly string _previous;
    private readonly string? _outputName;
    private readonly string? _output;

    /// <summary>Creates the view of iteration <paramref name="iteration"/> over <paramref name="workflow"/>'s state.</summary>
    /// <param name="workflow">The workflow's state.</param>
    /// <param name="iteration">The iteration's number, from 1.</param>
    /// <param name="previous">The previous iteration's output, or <see langword="null"/> on the first.</param>
    /// <param name="outputName">The step's <c>output</c> name, when <paramref name="output"/> is given.</param>
    /// <param name="output">The iteration's own output, while <c>until</c> is checked.</param>
    public LoopVariables(IWorkflowState workflow, int iteration, string? previous, string? outputName = null, string? output = null)
    {
        _workflow = workflow;
        Iteration = iteration;
        _iteration = iteration.ToString(CultureInfo.InvariantCulture);
        _previous = previous ?? string.Empty;
        _outputName = outputName;
        _output = output;
    }

    /// <summary>Gets the iteration's number, from 1.</summary>
    public int Iteration { get; }

    /// <inheritdoc/>
    public bool HasFailed => _workflow.HasFailed;

    /// <inheritdoc/>
    public bool IsCancelled => _workflow.IsCancelled;

    /// <inheritdoc/>
    public string this[string name] => TryGetValue(name, out var value) ? value : string.Empty;

    /// <inheritdoc/>
    public bool TryGetValue(string name, out string value)
    {
        switch (name)
        {
            case IterationName:
                value = _iteration;
                return true;
            case PreviousName:
                value = _previous;
                return true;
            default:
                if (_output is not null && name == _outputName)
                {
                    value = _output;
                    return true;
                }

                return _workflow.TryGetValue(name, out value);
        }
    }
}
