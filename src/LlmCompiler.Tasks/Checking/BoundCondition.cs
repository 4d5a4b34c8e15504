using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// A checked <c>if</c>: the parsed expression, the equalities that compare as numbers (a side is a number), and
/// whether it calls a status function (the equalities are a set; IReadOnlySet is missing from netstandard2.0, and
/// Contains on a HashSet passed as a collection still hashes). The syntax tree stays as parsed; what the checker learned lives here.
/// </summary>
internal sealed record BoundCondition(ConditionExpression Expression, IReadOnlyCollection<BinaryExpression> NumericEqualities, bool ChecksStatus)
{
    /// <summary>Gets the references that read fields of a JSON value (<c>{{r.label}}</c>), by the expression that writes them.</summary>
    public IReadOnlyDictionary<VariableExpression, VariableAccess> FieldReads { get; init; } = new Dictionary<VariableExpression, VariableAccess>();

    public bool IsNumeric(BinaryExpression equality) => NumericEqualities.Contains(equality);
}
