using System.Globalization;
using System.Text;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// A random project of two workflows with the typed parts of the language: a called workflow with typed inputs and
/// outputs, a shell step with a random schema that prints a random value valid against it, reads of random field
/// paths of that value, a call (once or per item) and a foreach over the call's array. Built from a seed, valid by
/// construction; <see cref="Expected"/> is what the run's variables must hold.
/// </summary>
internal sealed class TypedSpec
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 _-";

    private readonly Random _random;
    private readonly StringBuilder _helper = new();
    private readonly StringBuilder _main = new();

    private TypedSpec(int seed)
    {
        _random = new Random(seed);
        Build();
    }

    /// <summary>Gets the YAML text (two documents).</summary>
    public string Yaml => _helper + "---\n" + _main;

    /// <summary>Gets the variables of workflow <c>main</c> the run must set, and their values.</summary>
    public Dictionary<string, string> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets whether a call runs per item.</summary>
    public bool CallsPerItem { get; private set; }

    public static TypedSpec From(int seed) => new(seed);

    private void Build()
    {
        // The called workflow: inputs of each type, outputs that read them (numbers and booleans as normalized).
        var inputs = Enumerable.Range(0, _random.Next(1, 4)).Select(i => (Name: "in" + i, Type: Pick("string", "number", "boolean"), Required: _random.Next(2) == 0)).ToList();
        _helper.Append("name: helper\ninputs:\n");
        foreach (var input in inputs)
        {
            _helper.Append($"  {input.Name}: {{ type: {input.Type}{(input.Required ? ", required: true" : $", default: {Default(input.Type)}")} }}\n");
        }

        _helper.Append("outputs:\n");
        foreach (var input in inputs)
        {
            _helper.Append($"  out_{input.Name}: \"<{{{{{input.Name}}}}}>\"\n");
        }

        _helper.Append("  echoed: \"{{echoed}}\"\nsteps:\n  - name: echo\n    type: shell\n    command: printf '%s' \"{{" + inputs[0].Name + "}}\"\n    output: echoed\n");

        // The main workflow: a structured value, reads of its fields, calls.
        var schema = Schema(depth: 0, forceObject: true);
        var value = Value(schema);
        _main.Append("name: main\nsteps:\n  - name: make\n    type: shell\n    command: printf '%s' '").Append(value.Json).Append("'\n    schema: ").Append(schema.Yaml).Append("\n    output: r\n");
        var paths = Paths(schema, value, []).ToList();
        for (var i = 0; i < Math.Min(paths.Count, 4); i++)
        {
            var (path, text, type) = paths[_random.Next(paths.Count)];
            var condition = type switch
            {
                "number" or "integer" => $"{{{{r.{path}}}}} >= -1000000",
                "boolean" => $"{{{{r.{path}}}}} == {text} || {{{{r.{path}}}}} != {text}",
                "string" => $"{{{{r.{path}}}}} == '{text}'",
                _ => $"{{{{r.{path}}}}} != ''",
            };
            _main.Append($"  - name: read{i}\n    type: shell\n    if: \"{condition}\"\n    command: printf '%s' \"{{{{r.{path}}}}}\"\n    output: got{i}\n");
            Expected["got" + i] = text;
        }

        Expected["r"] = value.Json;

        // A call: per item over a YAML list, or once; each with value fits its input's type.
        CallsPerItem = _random.Next(2) == 0;
        var items = CallsPerItem ? Enumerable.Range(0, _random.Next(0, 4)).Select(_ => (string?)Word()).ToList() : [null];
        var given = inputs.Where(i => i.Required || _random.Next(2) == 0).ToList();
        _main.Append("  - name: call\n    type: workflow\n    workflow: helper\n");
        if (CallsPerItem)
        {
            _main.Append("    foreach: [").Append(string.Join(", ", items.Select(i => $"\"{i}\""))).Append("]\n");
        }

        var values = new Dictionary<string, Func<string?, string>>(StringComparer.Ordinal);
        if (given.Count > 0)
        {
            _main.Append("    with:\n");
            foreach (var input in given)
            {
                var literal = Literal(input.Type);
                var useItem = CallsPerItem && input.Type == "string" && _random.Next(2) == 0;
                _main.Append($"      {input.Name}: \"{(useItem ? "{{item}}" : literal)}\"\n");
                values[input.Name] = item => useItem ? item! : literal;
            }
        }

        _main.Append("    output: called\n");
        string Outputs(string? item)
        {
            var fields = inputs.Select(i => $"\"out_{i.Name}\":\"<{(values.TryGetValue(i.Name, out var v) ? v(item) : Default(i.Type))}>\"");
            var echoed = values.TryGetValue(inputs[0].Name, out var first) ? first(item) : Default(inputs[0].Type);
            return "{" + string.Join(",", fields) + $",\"echoed\":\"{echoed}\"}}";
        }

        Expected["called"] = CallsPerItem ? "[" + string.Join(",", items.Select(Outputs)) + "]" : Outputs(null);
        if (CallsPerItem)
        {
            _main.Append("  - name: each\n    type: shell\n    foreach: called\n    command: printf '%s' \"{{item.echoed}}\"\n    output: echoes\n");
            Expected["echoes"] = "[" + string.Join(",", items.Select(i => $"\"{(values.TryGetValue(inputs[0].Name, out var v) ? v(i) : Default(inputs[0].Type))}\"")) + "]";
        }
        else
        {
            _main.Append("  - name: single\n    type: shell\n    command: printf '%s' \"{{called.echoed}}\"\n    output: echoes\n");
            Expected["echoes"] = values.TryGetValue(inputs[0].Name, out var v) ? v(null) : Default(inputs[0].Type);
        }

        _main.Append("  - name: last\n    type: shell\n    command: printf '%s' \"{{echoes}}\"\n");
    }

    private static string Default(string type) => type switch
    {
        "number" => "0",
        "boolean" => "false",
        _ => "d",
    };

    private string Literal(string type) => type switch
    {
        "number" => _random.Next(-50, 50).ToString(CultureInfo.InvariantCulture),
        "boolean" => _random.Next(2) == 0 ? "true" : "false",
        _ => Word(),
    };

    private string Word() => new([.. Enumerable.Range(0, _random.Next(1, 8)).Select(_ => Alphabet[_random.Next(Alphabet.Length - 3)])]);

    private string Pick(params string[] choices) => choices[_random.Next(choices.Length)];

    private SchemaNode Schema(int depth, bool forceObject = false)
    {
        var type = forceObject ? "object" : depth >= 3 ? Pick("string", "number", "integer", "boolean") : Pick("object", "array", "string", "number", "integer", "boolean");
        switch (type)
        {
            case "object":
                var properties = Enumerable.Range(0, _random.Next(1, 4)).Select(i => ("p" + i + "_" + depth, Schema(depth + 1))).ToList();
                var required = properties.Where(_ => _random.Next(2) == 0).Select(p => p.Item1).ToList();
                return new SchemaNode(type, $"{{ type: object, properties: {{ {string.Join(", ", properties.Select(p => p.Item1 + ": " + p.Item2.Yaml))} }}, required: [{string.Join(", ", required)}] }}")
                {
                    Properties = properties,
                };
            case "array":
                var items = Schema(depth + 1);
                return new SchemaNode(type, $"{{ type: array, items: {items.Yaml} }}") { Items = items };
            case "string" when _random.Next(2) == 0:
                var choices = Enumerable.Range(0, _random.Next(1, 4)).Select(i => "e" + i + Word().Replace(" ", string.Empty, StringComparison.Ordinal)).Distinct().ToList();
                return new SchemaNode(type, $"{{ type: string, enum: [{string.Join(", ", choices.Select(c => $"\"{c}\""))}] }}") { Enum = choices };
            default:
                return new SchemaNode(type, $"{{ type: {type}, description: \"a {type}\" }}");
        }
    }

    /// <summary>A value valid against the schema, as compact JSON (every property present).</summary>
    private JsonValue Value(SchemaNode schema) => schema.Type switch
    {
        "object" => Object(schema.Properties.Select(p => (p.Name, Value(p.Schema))).ToList()),
        "array" => new JsonValue("[" + string.Join(",", Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Value(schema.Items!).Json)) + "]"),
        "number" => new JsonValue((_random.Next(-1000, 1000) / 8.0).ToString("R", CultureInfo.InvariantCulture)),
        "integer" => new JsonValue(_random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture)),
        "boolean" => new JsonValue(_random.Next(2) == 0 ? "true" : "false"),
        _ when schema.Enum.Count > 0 => new JsonValue($"\"{schema.Enum[_random.Next(schema.Enum.Count)]}\""),
        _ => new JsonValue($"\"{Word()}\""),
    };

    private static JsonValue Object(List<(string Name, JsonValue Value)> fields) =>
        new("{" + string.Join(",", fields.Select(f => $"\"{f.Name}\":{f.Value.Json}")) + "}") { Fields = fields.ToDictionary(f => f.Name, f => f.Value) };

    /// <summary>Every field path of the value with the text a template reads there and the field's type.</summary>
    private static IEnumerable<(string Path, string Text, string Type)> Paths(SchemaNode schema, JsonValue value, List<string> prefix)
    {
        foreach (var (name, property) in schema.Properties)
        {
            var field = value.Fields![name];
            var path = string.Join('.', prefix.Append(name));
            yield return (path, property.Type == "string" ? field.Json[1..^1] : field.Json, property.Type);
            foreach (var inner in Paths(property, field, [.. prefix, name]))
            {
                yield return inner;
            }
        }
    }

    private sealed record SchemaNode(string Type, string Yaml)
    {
        public IReadOnlyList<(string Name, SchemaNode Schema)> Properties { get; init; } = [];

        public SchemaNode? Items { get; init; }

        public IReadOnlyList<string> Enum { get; init; } = [];
    }

    private sealed record JsonValue(string Json)
    {
        public IReadOnlyDictionary<string, JsonValue>? Fields { get; init; }
    }
}
