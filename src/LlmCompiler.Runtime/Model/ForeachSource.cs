using System.Text.Json;

namespace LlmCompiler.Runtime;

/// <summary>
/// Where a <c>foreach</c> step's items come from: a JSON array in a variable (<c>fromJSON(var)</c>, or the output of
/// another foreach step), the non-blank lines of a variable (<c>lines(var)</c>), or a list written in the YAML.
/// Items are text: a JSON string item is its string, any other JSON item its JSON text.
/// </summary>
public abstract class ForeachSource
{
    private ForeachSource(string description) => Description = description;

    /// <summary>Gets the source as written in YAML, for messages.</summary>
    public string Description { get; }

    /// <summary>Items from a variable holding a JSON array (<c>fromJSON(var)</c>).</summary>
    /// <param name="variable">The variable name.</param>
    /// <returns>The source.</returns>
    public static ForeachSource FromJson(string variable) => new JsonSource(variable, $"fromJSON({variable})");

    /// <summary>Items from a variable the compiler knows holds a JSON array: the output of a foreach step.</summary>
    /// <param name="variable">The variable name.</param>
    /// <returns>The source.</returns>
    public static ForeachSource Array(string variable) => new JsonSource(variable, variable);

    /// <summary>Items from the non-blank lines of a variable (<c>lines(var)</c>); a trailing <c>\r</c> is dropped from each.</summary>
    /// <param name="variable">The variable name.</param>
    /// <returns>The source.</returns>
    public static ForeachSource Lines(string variable) => new LinesSource(variable);

    /// <summary>Items written in the workflow file as a YAML list.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The source.</returns>
    public static ForeachSource List(params string[] items) => new ListSource(items);

    /// <summary>Reads the items from the workflow's variables.</summary>
    /// <param name="variables">The variables the step can read.</param>
    /// <returns>The items, in order.</returns>
    /// <exception cref="StepFailedException">The value is not a JSON array.</exception>
    internal abstract IReadOnlyList<string> Items(IVariables variables);

    private sealed class JsonSource(string variable, string description) : ForeachSource(description)
    {
        /// <summary>How much of a bad value the error quotes: enough to recognise it, not a whole document.</summary>
        private const int Quoted = 60;

        internal override IReadOnlyList<string> Items(IVariables variables)
        {
            var text = variables[variable];
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    var items = new List<string>(document.RootElement.GetArrayLength());
                    foreach (var element in document.RootElement.EnumerateArray())
                    {
                        items.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());
                    }

                    return items;
                }
            }
            catch (JsonException)
            {
                // Reported below, like a value that parses but is not an array.
            }

            var start = text.Length > Quoted ? text[..Quoted] + "…" : text;
            throw new StepFailedException($"foreach: {Description} is not a JSON array: '{start}'");
        }
    }

    private sealed class LinesSource(string variable) : ForeachSource($"lines({variable})")
    {
        internal override IReadOnlyList<string> Items(IVariables variables) =>
            variables[variable].Split('\n').Select(line => line.TrimEnd('\r')).Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
    }

    private sealed class ListSource(string[] items) : ForeachSource("[" + string.Join(", ", items) + "]")
    {
        internal override IReadOnlyList<string> Items(IVariables variables) => items;
    }
}
