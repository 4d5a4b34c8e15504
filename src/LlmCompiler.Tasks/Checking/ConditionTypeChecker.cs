using LlmCompiler.Shared;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks a parsed condition: every variable resolved, function names and argument counts, operand types
/// (<c>&lt;</c> orders numbers; <c>==</c> across types is refused, since Actions would convert both sides to numbers). Returns a <see cref="BoundCondition"/>: the
/// equalities that compare as numbers and whether it uses a status function.
/// </summary>
internal sealed class ConditionTypeChecker
{
    private readonly VariableScope _scope;
    private readonly Func<string, OperandType> _typeOf;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<BinaryExpression> _numeric = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<VariableExpression, VariableAccess> _fieldReads = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<VariableExpression, VariableAccess> _accesses = new(ReferenceEqualityComparer.Instance);

    private ConditionTypeChecker(VariableScope scope, Func<string, OperandType> typeOf, DiagnosticBag diagnostics)
    {
        _scope = scope;
        _typeOf = typeOf;
        _diagnostics = diagnostics;
    }

    public bool ChecksStatus { get; private set; }

    public static BoundCondition Check(ConditionExpression condition, VariableScope scope, Func<string, OperandType> typeOf, DiagnosticBag diagnostics)
    {
        var checker = new ConditionTypeChecker(scope, typeOf, diagnostics);
        checker.Bind(condition);
        return new BoundCondition(condition, checker._numeric, checker.ChecksStatus) { FieldReads = checker._fieldReads };
    }

    private OperandType Bind(ConditionExpression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Kind switch
                {
                    LiteralKind.Number => OperandType.Number,
                    LiteralKind.Boolean => OperandType.Boolean,
                    _ => OperandType.String,
                };
            case VariableExpression variable:
                if (_scope.Check(variable.Name, variable.Span, _diagnostics) is not { } access)
                {
                    return OperandType.Dynamic;
                }

                _accesses[variable] = access;
                if (access.Path.Count > 0)
                {
                    _fieldReads[variable] = access;
                }

                return access is { Path.Count: 0, Type: ScalarType { Operand: OperandType.Dynamic } } ? _typeOf(access.Root) : Operand(access.Type);
            case NotExpression not:
                Bind(not.Operand);
                return OperandType.Boolean;
            case BinaryExpression { Operator: "&&" or "||" } logical:
                Bind(logical.Left);
                Bind(logical.Right);
                return OperandType.Boolean;
            case BinaryExpression { Operator: "==" or "!=" } equality:
                BindEquality(equality);
                return OperandType.Boolean;
            case BinaryExpression ordering:
                RequireNumber(ordering.Operator, ordering.Left, Bind(ordering.Left));
                RequireNumber(ordering.Operator, ordering.Right, Bind(ordering.Right));
                return OperandType.Boolean;
            case CallExpression call:
                BindCall(call);
                return OperandType.Boolean;
            default:
                throw new InvalidOperationException(expression.GetType().Name);
        }
    }

    private void BindEquality(BinaryExpression equality)
    {
        var (left, right) = (equality.Left, equality.Right);
        var leftType = Bind(left);
        var rightType = Bind(right);
        if (!Comparable(left, leftType, right, rightType) || !Comparable(right, rightType, left, leftType))
        {
            _diagnostics.Add(DiagnosticDescriptors.ConditionType, equality.Span,
                $"'{equality.Operator}' between {Describe(leftType)} and {Describe(rightType)} is refused: GitHub Actions would convert both to numbers first, which rarely means what it says. {SameTypeHint(left, leftType, right, rightType)}");
        }

        if (leftType == OperandType.Number || rightType == OperandType.Number)
        {
            _numeric.Add(equality);
        }

        ReportOutsideEnum(equality, left, right);
        ReportOutsideEnum(equality, right, left);
    }

    /// <summary>An enum field compared with a literal the enum does not hold: always false (always true for !=).</summary>
    private void ReportOutsideEnum(BinaryExpression equality, ConditionExpression field, ConditionExpression other)
    {
        if (field is not VariableExpression variable || !_accesses.TryGetValue(variable, out var access)
            || access.Type is not ScalarType { Enum.Count: > 0 } scalar || other is not LiteralExpression literal)
        {
            return;
        }

        var numeric = scalar.Operand == OperandType.Number;
        if (scalar.Enum.Any(value => numeric ? ConditionSemantics.NumbersEqual(value, literal.Value) : ConditionSemantics.AreEqual(value, literal.Value)))
        {
            return;
        }

        var outcome = equality.Operator == "==" ? "false" : "true";
        if (scalar.IsAnswerOptions)
        {
            _diagnostics.Add(DiagnosticDescriptors.AnswerNeverEqual, literal.Span,
                $"'{variable.Name}' is the answer to an input step, one of {string.Join(", ", scalar.Enum)}; '{literal.Value}' is not among its options, so this '{equality.Operator}' is always {outcome}.{Suggestions.DidYouMean(literal.Value, scalar.Enum)}");
            return;
        }

        _diagnostics.Add(DiagnosticDescriptors.EnumNeverEqual, literal.Span,
            $"'{variable.Name}' is one of {string.Join(", ", scalar.Enum)} (its schema's enum), never '{literal.Value}', so this '{equality.Operator}' is always {outcome}.{Suggestions.DidYouMean(literal.Value, scalar.Enum)}");
    }

    /// <summary>Known types must match, except that a quoted literal may spell the other side's number (Actions converts it to that number).</summary>
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

        // Against a boolean, Actions converts 'true' to NaN, so 'true' == true is false there: refused here.
        return otherType switch
        {
            OperandType.Number => ConditionSemantics.IsNumber(literal.Value),
            OperandType.Boolean => false,
            _ => true,
        };
    }

    /// <summary>What to write instead of a comparison across types.</summary>
    private static string SameTypeHint(ConditionExpression left, OperandType leftType, ConditionExpression right, OperandType rightType) =>
        (left, right) switch
        {
            (LiteralExpression { Kind: LiteralKind.String } l, _) when rightType == OperandType.Boolean && l.Value.Trim() is "true" or "false" => $"Write {l.Value.Trim()} without quotes.",
            (_, LiteralExpression { Kind: LiteralKind.String } r) when leftType == OperandType.Boolean && r.Value.Trim() is "true" or "false" => $"Write {r.Value.Trim()} without quotes.",
            _ => "Compare values of the same type: numbers with numbers, booleans with true or false, text with quoted text.",
        };

    private void RequireNumber(string op, ConditionExpression node, OperandType type)
    {
        if (type is OperandType.Number or OperandType.Dynamic)
        {
            return;
        }

        var hint = node is LiteralExpression { Kind: LiteralKind.String } literal && ConditionSemantics.IsNumber(literal.Value)
            ? $" Write {literal.Value.Trim()} without quotes."
            : type == OperandType.String
                ? " Compare text with ==, != or contains(), startsWith(), endsWith()."
                : " Compare numbers (3, {{count}}).";
        _diagnostics.Add(DiagnosticDescriptors.ConditionType, node.Span,
            $"'{op}' on {Describe(type)} is refused: conditions order numbers only (GitHub Actions would {(type == OperandType.String ? "order text ignoring case" : "convert it to a number")}).{hint}");
    }

    private void BindCall(CallExpression call)
    {
        foreach (var argument in call.Arguments)
        {
            Bind(argument);
        }

        if (ConditionFunctions.All.FirstOrDefault(f => f.Name == call.Name) is not { } function)
        {
            var known = ConditionFunctions.All.Select(f => f.Name).ToList();
            _diagnostics.Add(DiagnosticDescriptors.ConditionType, call.NameSpan,
                $"'{call.Name}' is not a function.{Suggestions.DidYouMean(call.Name, known)} Functions: {string.Join(", ", known.Select(f => f + "()"))}.");
            return;
        }

        ChecksStatus |= function.ReadsStatus;
        var expected = function.Parameters.Count;
        if (call.Arguments.Count != expected)
        {
            _diagnostics.Add(DiagnosticDescriptors.ConditionType, call.Span,
                $"{call.Name}() takes {(expected == 0 ? "no arguments" : $"{expected} arguments")}, not {call.Arguments.Count}.");
        }
    }

    /// <summary>Schema scalars compare by their type; arrays and objects are JSON text of unknown comparison.</summary>
    private static OperandType Operand(VariableType type) => type is ScalarType scalar ? scalar.Operand : OperandType.Dynamic;

    private static string Describe(OperandType type) => type switch
    {
        OperandType.Number => "a number",
        OperandType.Boolean => "a boolean",
        OperandType.String => "a string",
        _ => "a value",
    };
}
