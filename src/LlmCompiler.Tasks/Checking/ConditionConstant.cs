using LlmCompiler.Shared;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Evaluates conditions that read no variable and no workflow status, with the runtime's semantics (the same
/// <see cref="ConditionSemantics"/> source), so a step whose <c>if</c> is always false is reported as unreachable.
/// <see langword="null"/> means "depends on the run".
/// </summary>
internal static class ConditionConstant
{
    public static bool? Evaluate(BoundCondition condition) => Evaluate(condition.Expression, condition);

    private static bool? Evaluate(ConditionExpression expression, BoundCondition c) => expression switch
    {
        NotExpression not => !Evaluate(not.Operand, c),
        BinaryExpression { Operator: "&&" } and => Evaluate(and.Left, c) is not { } l ? (Evaluate(and.Right, c) == false ? false : null)
            : !l ? false : Evaluate(and.Right, c),
        BinaryExpression { Operator: "||" } or => Evaluate(or.Left, c) is not { } l ? (Evaluate(or.Right, c) == true ? true : null)
            : l ? true : Evaluate(or.Right, c),
        BinaryExpression binary => Compare(binary, c),
        CallExpression { Name: "always" } => true,
        CallExpression { Name: "success" or "failure" or "cancelled" } => null,
        CallExpression call when call.Arguments.Count == 2 && Value(call.Arguments[0], c) is { } text && Value(call.Arguments[1], c) is { } part => call.Name switch
        {
            "contains" => ConditionSemantics.Contains(text, part),
            "startsWith" => ConditionSemantics.StartsWith(text, part),
            "endsWith" => ConditionSemantics.EndsWith(text, part),
            _ => null,
        },
        CallExpression => null,
        _ => Value(expression, c) is { } value ? ConditionSemantics.IsTrue(value) : null,
    };

    private static bool? Compare(BinaryExpression binary, BoundCondition c)
    {
        if (Value(binary.Left, c) is not { } left || Value(binary.Right, c) is not { } right)
        {
            return null;
        }

        switch (binary.Operator)
        {
            case "==" or "!=":
                var equal = c.IsNumeric(binary) ? ConditionSemantics.NumbersEqual(left, right) : ConditionSemantics.AreEqual(left, right);
                return binary.Operator == "==" ? equal : !equal;
            default:
                if (!ConditionSemantics.TryParseNumber(left, out var a) || !ConditionSemantics.TryParseNumber(right, out var b))
                {
                    return null; // The runtime fails the step; not a question of reachability.
                }

                var order = a.CompareTo(b);
                return binary.Operator switch
                {
                    "<" => order < 0,
                    "<=" => order <= 0,
                    ">" => order > 0,
                    _ => order >= 0,
                };
        }
    }

    private static string? Value(ConditionExpression expression, BoundCondition c) => expression switch
    {
        LiteralExpression literal => literal.Value,
        VariableExpression => null,
        _ => Evaluate(expression, c) is { } b ? (b ? "true" : "false") : null,
    };
}
