using System.Text.RegularExpressions;

namespace LlmCompiler.Runtime.Local;

/// <summary>Turns a step's <c>model</c> into the full path of a GGUF file.</summary>
/// <remarks>
/// <c>${NAME}</c> takes an environment variable and <c>${NAME:-default}</c> falls back when it is unset or empty
/// (the shell's rule), so one workflow runs a laptop model and a server model. A relative result is taken from the
/// working directory.
/// </remarks>
internal static partial class ModelPath
{
    public static string Resolve(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new StepFailedException("the local_llm step names no model: give the path of a GGUF file or an environment reference such as ${LLMC_MODEL}");
        }

        var expanded = Reference().Replace(model.Trim(), match =>
        {
            var name = match.Groups["name"].Value;
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }

            return match.Groups["default"].Success
                ? match.Groups["default"].Value
                : throw new StepFailedException($"model '{model}': the environment variable {name} is not set (write ${{{name}:-path.gguf}} to give a default)");
        });

        return Path.GetFullPath(expanded);
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
