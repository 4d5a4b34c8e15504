using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Tests.Checking;

/// <summary>
/// Compile-time folding of constant conditions (<see cref="ConditionConstant"/>) and the runtime's
/// <see cref="Conditions"/>, run over the same values, give the same answers: a step reported unreachable is
/// one the program would skip.
/// </summary>
[TestClass]
public sealed class ConditionSemanticsAgreementTests
{
    private static readonly SourceSpan At = SourceSpan.At("test.yaml", 1, 1);

    private static readonly string[] Values =
    [
        "", " ", "0", "-0", "0.0", "1", " 1 ", "1.0", "1e3", "1000", "+2", ".5", "0.5", "-3", "NaN", "Infinity", "1e400",
        "true", "TRUE", "false", " False ", "abc", "ABC", "a b", "bc", "x\n", "١", "-0.0", "+0", "ς", "Σ", "ü", "Ü", "😀",
    ];

    public static IEnumerable<object[]> Pairs() =>
        Values.SelectMany(left => Values.Select(right => new object[] { left, right }));

    [TestMethod]
    [DynamicData(nameof(Pairs))]
    public void EqualityAgrees(string left, string right)
    {
        Assert.AreEqual(Conditions.AreEqual(left, right), Fold(Binary("==", left, right, numeric: false)));
        Assert.AreEqual(!Conditions.AreEqual(left, right), Fold(Binary("!=", left, right, numeric: false)));
        Assert.AreEqual(Conditions.NumbersEqual(left, right), Fold(Binary("==", left, right, numeric: true)));
        Assert.AreEqual(!Conditions.NumbersEqual(left, right), Fold(Binary("!=", left, right, numeric: true)));
    }

    [TestMethod]
    [DynamicData(nameof(Pairs))]
    public void OrderingAgreesOrIsLeftToTheRun(string left, string right)
    {
        foreach (var op in new[] { "<", "<=", ">", ">=" })
        {
            var folded = Fold(Binary(op, left, right, numeric: false));
            int order;
            try
            {
                order = Conditions.Compare(left, right);
            }
            catch (StepFailedException)
            {
                Assert.IsNull(folded, $"'{left}' {op} '{right}' fails at run time, so the compiler must not fold it.");
                continue;
            }

            var expected = op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
            Assert.AreEqual(expected, folded, $"'{left}' {op} '{right}'");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Pairs))]
    public void TextFunctionsAgree(string text, string part)
    {
        Assert.AreEqual(Conditions.Contains(text, part), Fold(Call("contains", text, part)));
        Assert.AreEqual(Conditions.StartsWith(text, part), Fold(Call("startsWith", text, part)));
        Assert.AreEqual(Conditions.EndsWith(text, part), Fold(Call("endsWith", text, part)));
    }

    [TestMethod]
    public void TruthinessAgrees()
    {
        foreach (var value in Values)
        {
            Assert.AreEqual(Conditions.IsTrue(value), Fold(new BoundCondition(Literal(value), new HashSet<BinaryExpression>(), false)), $"'{value}'");
        }
    }

    private static bool? Fold(BoundCondition condition) => ConditionConstant.Evaluate(condition);

    private static BoundCondition Binary(string op, string left, string right, bool numeric)
    {
        var expression = new BinaryExpression(op, Literal(left), Literal(right), At);
        var numericEqualities = new HashSet<BinaryExpression>(ReferenceEqualityComparer.Instance);
        if (numeric)
        {
            numericEqualities.Add(expression);
        }

        return new BoundCondition(expression, numericEqualities, ChecksStatus: false);
    }

    private static BoundCondition Call(string name, string text, string part) =>
        new(new CallExpression(name, [Literal(text), Literal(part)], At, At), new HashSet<BinaryExpression>(), false);

    private static LiteralExpression Literal(string value) => new(value, At) { Kind = LiteralKind.String };
}
