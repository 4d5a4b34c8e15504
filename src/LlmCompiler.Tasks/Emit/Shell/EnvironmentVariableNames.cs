using System.Text;

namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>
/// The environment variables that carry one command's template values: <c>LLMC_</c> plus the variable name made
/// safe, one per distinct variable, numbered on collision (<c>a.b</c> and <c>a_b</c>). Shared by the sh/bash and pwsh rewriters.
/// </summary>
internal sealed class EnvironmentVariableNames
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    /// <summary>Gets (environment variable, workflow variable) pairs in first-use order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Returns the environment variable for <paramref name="variable"/>, allocating it on first use.</summary>
    public string For(string variable)
    {
        if (_names.TryGetValue(variable, out var existing))
        {
            return existing;
        }

        var builder = new StringBuilder(Language.LanguageTable.EnvironmentPrefix);
        foreach (var c in variable)
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : '_');
        }

        var name = builder.ToString();
        var candidate = name;
        for (var i = 2; _names.ContainsValue(candidate); i++)
        {
            candidate = name + "_" + i;
        }

        _names.Add(variable, candidate);
        _pairs.Add(new(candidate, variable));
        return candidate;
    }
}
