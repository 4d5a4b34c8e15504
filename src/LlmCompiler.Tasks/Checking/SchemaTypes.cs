using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>What a value valid against a schema is, for the checker: objects with their properties, arrays of their items, typed scalars.</summary>
internal static class SchemaTypes
{
    public static VariableType Of(SchemaSyntax schema) => schema.Type switch
    {
        "object" => new ObjectType(schema.Properties.Select(p => new KeyValuePair<string, VariableType>(p.Key, Of(p.Value))).ToList()),
        "array" => new ArrayType(schema.Items is { } items ? Of(items) : VariableType.Text),
        "number" or "integer" => new ScalarType(OperandType.Number) { Enum = schema.Enum, IsInteger = schema.Type == "integer" },
        "boolean" => new ScalarType(OperandType.Boolean) { Enum = schema.Enum },
        _ => new ScalarType(OperandType.String) { Enum = schema.Enum },
    };
}
