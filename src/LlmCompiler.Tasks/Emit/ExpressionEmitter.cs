using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# for templates and conditions. Generated lambdas read variables as <c>v["name"]</c>.</summary>
internal static class ExpressionEmitter
{
    private const string Conditions = "global::LlmCompiler.Runtime.CompilerServices.Conditions";

    /// <summary>A lambda that renders a template: literal text and variable values, concatenated.</summary>
    public static string TemplateLambda(Template template)
    {
        if (template.IsConstant)
        {
            return "static _ => " + CSharpLiteral.String(string.Concat(template.Parts.Cast<TextPart>().Select(p => p.Text)));
        }

        var parts = template.Parts.Select(part => part switch
        {
            TextPart text => CSharpLiteral.String(text.Text),
            VariablePart variable => Variable(variable),
            _ => throw new InvalidOperationException(part.GetType().Name),
        });
        return "static v => " + string.Join(" + ", parts);
    }

    /// <summary>The rendered template as an expression over <c>v</c>, for use inside another lambda.</summary>
    public static string TemplateValue(Template template) =>
        template.Parts.Count == 0
            ? "\"\""
            : string.Join(" + ", template.Parts.Select(part => part switch
            {
                TextPart text => CSharpLiteral.String(text.Text),
                VariablePart variable => Variable(variable),
                _ => throw new InvalidOperationException(part.GetType().Name),
            }));

    public static string ConditionLambda(BoundCondition condition)
    {
        var body = Boolean(condition.Expression, condition);
        return (UsesVariables(condition.Expression) ? "static v => " : "static _ => ") + body;
    }

    private static string Boolean(ConditionExpression expression, BoundCondition c) => expression switch
    {
        BinaryExpression { Operator: "&&" or "||" } binary => $"({Boolean(binary.Left, c)} {binary.Operator} {Boolean(binary.Right, c)})",
        BinaryExpression { Operator: "==" } binary => $"{Conditions}.{Equality(binary, c)}({Value(binary.Left, c)}, {Value(binary.Right, c)})",
        BinaryExpression { Operator: "!=" } binary => $"!{Conditions}.{Equality(binary, c)}({Value(binary.Left, c)}, {Value(binary.Right, c)})",
        BinaryExpression binary => $"({Conditions}.Compare({Value(binary.Left, c)}, {Value(binary.Right, c)}) {binary.Operator} 0)",
        NotExpression not => "!" + Boolean(not.Operand, c),
        CallExpression { Name: "always" } => "true",
        CallExpression { Name: "success" } => $"{Conditions}.Success(v)",
        CallExpression { Name: "failure" } => $"{Conditions}.Failure(v)",
        CallExpression { Name: "cancelled" } => $"{Conditions}.Cancelled(v)",
        CallExpression call => $"{Conditions}.{char.ToUpperInvariant(call.Name[0])}{call.Name[1..]}({Value(call.Arguments[0], c)}, {Value(call.Arguments[1], c)})",
        _ => $"{Conditions}.IsTrue({Value(expression, c)})",
    };

    private static string Equality(BinaryExpression binary, BoundCondition c) => c.IsNumeric(binary) ? "NumbersEqual" : "AreEqual";

    private static string Value(ConditionExpression expression, BoundCondition c) => expression switch
    {
        LiteralExpression literal => CSharpLiteral.String(literal.Value),
        VariableExpression variable when c.FieldReads.TryGetValue(variable, out var access) => Field(access.Root, access.Path),
        VariableExpression variable => Variable(variable.Name),
        _ => $"({Boolean(expression, c)} ? \"true\" : \"false\")",
    };

    /// <summary>A checked template reference: the variable, or a field inside its JSON value.</summary>
    public static string Variable(VariablePart variable) => variable.Path.Count == 0 ? Variable(variable.Root) : Field(variable.Root, variable.Path);

    private static string Variable(string name) => "v[" + CSharpLiteral.String(name) + "]";

    private static string Field(string root, IReadOnlyList<string> path) =>
        $"global::LlmCompiler.Runtime.CompilerServices.Values.Field({Variable(root)}, {string.Join(", ", path.Select(CSharpLiteral.String))})";

    private static bool UsesVariables(ConditionExpression expression) => expression switch
    {
        VariableExpression => true,
        NotExpression not => UsesVariables(not.Operand),
        BinaryExpression binary => UsesVariables(binary.Left) || UsesVariables(binary.Right),
        CallExpression { Name: "success" or "failure" or "cancelled" } => true,
        CallExpression call => call.Arguments.Any(UsesVariables),
        _ => false,
    };
}
