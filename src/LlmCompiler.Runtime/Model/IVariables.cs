namespace LlmCompiler.Runtime;

/// <summary>The variables a step can read: earlier outputs and values received through <c>wait_for</c>.</summary>
public interface IVariables
{
    /// <summary>Gets a variable's value, or the empty string when no step has set it (for example, a skipped step).</summary>
    /// <param name="name">The variable name.</param>
    string this[string name] { get; }

    /// <summary>Gets a variable's value when a step has set it.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> when a step has set the variable.</returns>
    bool TryGetValue(string name, out string value);
}
