using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks a parsed condition: every variable resolved, function names and argument counts, operand types
/// (<c>&lt;</c> compares numbers; <c>==</c> between a number and a word is always false). Returns the condition with
/// numeric equalities marked for the emitter, and whether it uses a status function.
/// </summary>
internal sealed class ConditionTypeChecker
{
    internal static readonly string[] StatusFunctions = ["success", "failure", "always"];
    internal static readonly string[] TextFunctions = ["contains", "startsWith", "endsWith"];

    private readonly VariableScope _scope;
    private readonly Func<string, OperandType> _typeOf;
    private readonly DiagnosticBag _diagnostics;

    private ConditionTypeChecker(VariableScope scope, Func<string, OperandType> typeOf, DiagnosticBag diagnostics)
    {
        _scope = scope;
        _typeOf = typeOf;
        _diagnostics = diagnostics;
    }

    public bool ChecksStatus { get; private set; }

    public static (ConditionExpression Condition, bool ChecksStatus) Check(
        ConditionExpression condition, VariableScope scope, Func<string, OperandType> typeOf, DiagnosticBag diagnostics)
    {
        var checker = new ConditionTypeChecker(scope, typeOf, diagnostics);
        var (bound, _) = checker.Bind(condition);
        return (bound, checker.ChecksStatus);
    }

    private (ConditionExpression Node, OperandType Type) Bind(ConditionExpression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return (literal, literal.Kind switch
                {
                    LiteralKind.Number => OperandType.Number,
                    LiteralKind.Boolean => OperandType.Boolean,
                    _ => OperandType.String,
                });
            case VariableExpression variable:
                _scope.Check(variable.Name, variable.Span, _diagnostics);
                return (variable, _typeOf(variable.Name));
            case NotExpression not:
                return (not with { Operand = Bind(not.Operand).Node }, OperandType.Boolean);
            case BinaryExpression { Operator: "&&" or "||" } logical:
                return (logical with { Left = Bind(logical.Left).Node, Right = Bind(logical.Right).Node }, OperandType.Boolean);
            case BinaryExpression { Operator: "==" or "!=" } equality:
                return (BindEquality(equality), OperandType.Boolean);
            case BinaryExpression ordering:
                var (left, leftType) = Bind(ordering.Left);
                var (right, rightType) = Bind(ordering.Right);
                RequireNumber(ordering.Operator, left, leftType);
                RequireNumber(ordering.Operator, right, rightType);
                return (ordering with { Left = left, Right = right }, OperandType.Boolean);
            case CallExpression call:
                return (BindCall(call), OperandType.Boolean);
            default:
                throw new InvalidOperationException(expression.GetType().Name);
        }
    }

    private BinaryExpression BindEquality(BinaryExpression equality)
    {
        var (left, leftType) = Bind(equality.Left);
        var (right, rightType) = Bind(equality.Right);
        if (!Comparable(left, leftType, right, rightType) || !Comparable(right, rightType, left, leftType))
        {
            _diagnostics.Add(DiagnosticDescriptors.ConditionType, equality.Span,
                $"'{equality.Operator}' compares {Describe(leftType)} with {Describe(rightType)}, so it is always {(equality.Operator == "==" ? "false" : "true")}. Compare values of the same type.");
        }

        return equality with { Left = left, Right = right, Numeric = leftType == OperandType.Number || rightType == OperandType.Number };
    }

    /// <summary>Known types must match, except that a quoted literal may spell the other side's number or boolean.</summary>
    private static bool Comparable(ConditionExpression node, OperandType type, ConditionExpression other, OperandType otherType)
    {
        if (type == OperandType.Dynamic || otherType == OperandType.Dynamic || type == otherType)
        {
            return true;
        }

        if (node is not LiteralExpression { Kind: LiteralKind.String } literal)
        {
            // Checked from the other side, where the literal is.
            return other is LiteralExpression { Kind: LiteralKind.String };
        }

        return otherType switch
        {
            OperandType.Number => ConditionParser.IsNumber(literal.Value.Trim()),
            OperandType.Boolean => literal.Value.Trim() is "true" or "false",
            _ => true,
        };
    }

    private void RequireNumber(string op, ConditionExpression node, OperandType type)
    {
        if (type is OperandType.Number or OperandType.Dynamic)
        {
            return;
        }

        var hint = node is LiteralExpression { Kind: LiteralKind.String } literal && ConditionParser.IsNumber(literal.Value.Trim())
            ? $" Write {literal.Value.Trim()} without quotes."
            : string.Empty;
        _diagnostics.Add(DiagnosticDescriptors.ConditionType, node.Span, $"'{op}' compares numbers, but this is {Describe(type)}.{hint}");
    }

    private CallExpression BindCall(CallExpression call)
    {
        var arguments = call.Arguments.Select(a => Bind(a).Node).ToList();
        int expected;
        if (Array.IndexOf(StatusFunctions, call.Name) >= 0)
        {
            ChecksStatus = true;
            expected = 0;
        }
        else if (Array.IndexOf(TextFunctions, call.Name) >= 0)
        {
            expected = 2;
        }
        else
        {
            var known = StatusFunctions.Concat(TextFunctions).ToList();
            _diagnostics.Add(DiagnosticDescriptors.ConditionType, call.NameSpan,
                $"'{call.Name}' is not a function.{Suggestions.DidYouMean(call.Name, known)} Functions: {string.Join(", ", known.Select(f => f + "()"))}.");
            return call with { Arguments = arguments };
        }

        if (arguments.Count != expected)
        {
            _diagnostics.Add(DiagnosticDescriptors.ConditionType, call.Span,
                $"{call.Name}() takes {(expected == 0 ? "no arguments" : $"{expected} arguments")}, not {arguments.Count}.");
        }

        return call with { Arguments = arguments };
    }

    private static string Describe(OperandType type) => type switch
    {
        OperandType.Number => "a number",
        OperandType.Boolean => "a boolean",
        OperandType.String => "a string",
        _ => "a value",
    };
}
