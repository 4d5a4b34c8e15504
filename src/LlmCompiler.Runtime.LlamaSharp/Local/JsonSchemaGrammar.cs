using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmCompiler.Runtime.Local;

/// <summary>
/// Turns a JSON Schema of the language's subset (<c>type</c>, <c>properties</c>, <c>required</c>, <c>items</c>,
/// <c>enum</c>, <c>description</c>) into a llama.cpp GBNF grammar whose sentences are compact JSON valid against it,
/// so grammar sampling makes a local model's reply valid by construction.
/// </summary>
/// <remarks>
/// Objects list every declared property, in schema order: a value with the optional ones present is still valid, and a
/// fixed order keeps the grammar small. Numbers are limited to 16 integer, 15 fraction and 2 exponent digits (what a double
/// holds), so a model cannot spend its tokens on digits. Keywords outside the subset are ignored here; the compiler
/// rejects them, and the reply is validated against the full schema afterwards anyway.
/// </remarks>
internal static class JsonSchemaGrammar
{
    /// <summary>The rule llama.cpp starts from.</summary>
    public const string Root = "root";

    private const string Shared = """
        string ::= "\"" char* "\""
        char ::= [^"\\\x00-\x1F] | "\\" (["\\/bfnrt] | "u" hex-unit)
        hex-unit ::= [0-9a-cA-C] hex hex hex | [dD] [0-7] hex hex | [eEfF] hex hex hex
        hex ::= [0-9a-fA-F]
        integer ::= "-"? ("0" | [1-9] [0-9]{0,15})
        number ::= integer ("." [0-9]{1,15})? ([eE] [-+]? [0-9]{1,2})?
        boolean ::= "true" | "false"
        value ::= object | array | string | number | boolean | "null"
        object ::= "{" (string ":" value ("," string ":" value)*)? "}"
        array ::= "[" (value ("," value)*)? "]"
        """;

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns the grammar for <paramref name="schema"/>; its start rule is <see cref="Root"/>.</summary>
    public static string FromSchema(JsonElement schema)
    {
        var rules = new StringBuilder();
        var next = 0;

        string Rule(JsonElement node)
        {
            var expression = Expression(node, Rule);
            if (IsName(expression))
            {
                return expression;
            }

            var name = "r" + next++.ToString(CultureInfo.InvariantCulture);
            rules.Append(name).Append(" ::= ").Append(expression).Append('\n');
            return name;
        }

        var root = Expression(schema, Rule);
        return $"{Root} ::= {root}\n{rules}{Shared}\n";
    }

    /// <summary>The right-hand side for one schema node; nested schemas become rules of their own through <paramref name="rule"/>.</summary>
    private static string Expression(JsonElement node, Func<JsonElement, string> rule)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return "value";
        }

        if (node.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            var literals = choices.EnumerateArray().Select(c => Literal(Compact(c))).ToList();
            return literals.Count == 0 ? "value" : "(" + string.Join(" | ", literals) + ")";
        }

        var type = node.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            "object" => ObjectExpression(node, rule),
            "array" => ArrayExpression(node, rule),
            "string" => "string",
            "number" => "number",
            "integer" => "integer",
            "boolean" => "boolean",
            _ => "value",
        };
    }

    private static string ObjectExpression(JsonElement node, Func<JsonElement, string> rule)
    {
        if (!node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return "object";
        }

        var members = properties.EnumerateObject()
            .Select(p => Literal(Quoted(p.Name) + ":") + " " + rule(p.Value))
            .ToList();
        return members.Count == 0 ? "\"{}\"" : "\"{\" " + string.Join(" \",\" ", members) + " \"}\"";
    }

    private static string ArrayExpression(JsonElement node, Func<JsonElement, string> rule)
    {
        var item = node.TryGetProperty("items", out var items) ? rule(items) : "value";
        return $"\"[\" ({item} (\",\" {item})*)? \"]\"";
    }

    private static bool IsName(string expression) => expression.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>A GBNF string literal matching exactly <paramref name="text"/>.</summary>
    private static string Literal(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => literal.Append("\\\""),
                '\\' => literal.Append("\\\\"),
                '\n' => literal.Append("\\n"),
                '\r' => literal.Append("\\r"),
                '\t' => literal.Append("\\t"),
                < ' ' => literal.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)),
                _ => literal.Append(c),
            };
        }

        return literal.Append('"').ToString();
    }

    /// <summary>The compact JSON text of a value, as the reply must spell it.</summary>
    private static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A property name as a JSON string.</summary>
    private static string Quoted(string name) => "\"" + JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
