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
    /// <param name="path">The fields of the variable's JSON value that hold the text (<c>fromJSON(r.list)</c>), if any.</param>
    /// <returns>The source.</returns>
    public static ForeachSource FromJson(string variable, params string[] path) => new JsonSource(new(variable, path), $"fromJSON({Written(variable, path)})");

    /// <summary>Items from a variable the compiler knows holds a JSON array: the output of a foreach step, an array field.</summary>
    /// <param name="variable">The variable name.</param>
    /// <param name="path">The fields of the variable's JSON value that hold the array, if any.</param>
    /// <returns>The source.</returns>
    public static ForeachSource Array(string variable, params string[] path) => new JsonSource(new(variable, path), Written(variable, path));

    /// <summary>Items from the non-blank lines of a variable (<c>lines(var)</c>); a trailing <c>\r</c> is dropped from each.</summary>
    /// <param name="variable">The variable name.</param>
    /// <param name="path">The fields of the variable's JSON value that hold the text, if any.</param>
    /// <returns>The source.</returns>
    public static ForeachSource Lines(string variable, params string[] path) => new LinesSource(new(variable, path), $"lines({Written(variable, path)})");

    /// <summary>Items written in the workflow file as a YAML list.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The source.</returns>
    public static ForeachSource List(params string[] items) => new ListSource(items);

    /// <summary>Reads the items from the workflow's variables.</summary>
    /// <param name="variables">The variables the step can read.</param>
    /// <returns>The items, in order.</returns>
    /// <exception cref="StepFailedException">The value does not parse as JSON (the message says where), or is not an array.</exception>
    internal abstract IReadOnlyList<string> Items(IVariables variables);

    private static string Written(string variable, string[] path) => path.Length == 0 ? variable : variable + "." + string.Join('.', path);

    /// <summary>A variable, or a field inside its JSON value.</summary>
    private readonly record struct Reference(string Variable, string[] Path)
    {
        public string Read(IVariables variables) =>
            Path.Length == 0 ? variables[Variable] : CompilerServices.Values.Field(variables[Variable], Path);
    }

    private sealed class JsonSource(Reference variable, string description) : ForeachSource(description)
    {
        /// <summary>How much of a bad value the error quotes: enough to recognise it, not a whole document.</summary>
        private const int Quoted = 60;

        internal override IReadOnlyList<string> Items(IVariables variables)
        {
            var text = variable.Read(variables);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new StepFailedException(text.Trim().Length == 0
                    ? $"foreach: {Description} is empty, not a JSON array"
                    : $"foreach: {Description} does not parse as JSON: {JsonBreak.Where(text, e)}");
            }

            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    var items = new List<string>(document.RootElement.GetArrayLength());
                    foreach (var element in document.RootElement.EnumerateArray())
                    {
                        items.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());
                    }

                    return items;
                }

                var start = text.Length > Quoted ? text[..Quoted] + "…" : text;
                throw new StepFailedException($"foreach: {Description} is not a JSON array: '{start}'");
            }
        }
    }

    private sealed class LinesSource(Reference variable, string description) : ForeachSource(description)
    {
        internal override IReadOnlyList<string> Items(IVariables variables) =>
            variable.Read(variables).Split('\n').Select(line => line.TrimEnd('\r')).Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
    }

    private sealed class ListSource(string[] items) : ForeachSource("[" + string.Join(", ", items) + "]")
    {
        internal override IReadOnlyList<string> Items(IVariables variables) => items;
    }
}
