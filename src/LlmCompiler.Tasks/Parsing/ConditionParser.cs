using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Parses <c>if</c> expressions (a GitHub Actions-style subset): <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c> between variables (<c>{{name}}</c> or a bare name), quoted strings, numbers and
/// <c>true</c>/<c>false</c>; function calls (<c>contains(a, b)</c>, <c>always()</c>, …); combined with
/// <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> (binding tighter than a comparison, as in Actions) and parentheses. A bare
/// value is true unless empty, <c>false</c> or a zero. Number literals are read by <see cref="ConditionNumber"/>.
/// Tokens come from <see cref="ConditionLexer"/>. Types and function names are the checker's business.
/// </summary>
internal sealed class ConditionParser
{
    /// <summary>Conditions longer than this are refused, so the recursive parser, checker and emitter stay far from the stack's end.</summary>
    internal const int MaxTokens = 500;

    /// <summary>GitHub Actions' nesting limit (its parser's MAX_PARSER_DEPTH).</summary>
    internal const int MaxDepth = 50;

    private readonly ScalarSyntax _scalar;
    private readonly IReadOnlyList<ConditionToken> _tokens;
    private int _next;
    private int _depth;

    private ConditionParser(ScalarSyntax scalar, IReadOnlyList<ConditionToken> tokens)
    {
        _scalar = scalar;
        _tokens = tokens;
    }

    public static ConditionExpression? Parse(ScalarSyntax scalar, DiagnosticBag diagnostics)
    {
        try
        {
            var parser = new ConditionParser(scalar, ConditionLexer.Tokenize(scalar.Value));
            if (parser._tokens.Count > MaxTokens)
            {
                throw Error(parser._tokens[MaxTokens], $"The condition has more than {MaxTokens} tokens; split the logic over several steps.");
            }

            var expression = parser.ParseOr();
            if (parser.Peek().Kind != ConditionTokenKind.End)
            {
                throw Error(parser.Peek(), $"Unexpected '{parser.Peek().Text}' after a complete condition.");
            }

            return expression;
        }
        catch (ConditionSyntaxException e)
        {
            diagnostics.Add(DiagnosticDescriptors.ConditionSyntax, scalar.SpanOf(e.Start, e.End - e.Start),
                $"{e.Message} Conditions look like: {{{{name}}}} == 'value', with != < <= > >= && || ! parentheses and functions such as contains(a, b).");
            return null;
        }
    }

    /// <summary>An expression: the whole condition, a parenthesised one or a call's argument.</summary>
    private ConditionExpression ParseOr()
    {
        Enter();
        var expression = ParseChain(ConditionTokenKind.Or, "||", ParseAnd);
        _depth--;
        return expression;
    }

    private ConditionExpression ParseAnd() => ParseChain(ConditionTokenKind.And, "&&", ParseComparison);

    /// <summary>Operands joined by one operator, left to right; the chain is one nesting level, as in Actions.</summary>
    private ConditionExpression ParseChain(ConditionTokenKind kind, string op, Func<ConditionExpression> operand)
    {
        var left = operand();
        if (Peek().Kind == kind)
        {
            Enter();
            while (Peek().Kind == kind)
            {
                _next++;
                var right = operand();
                left = new BinaryExpression(op, left, right, Join(left.Span, right.Span));
            }

            _depth--;
        }

        return left;
    }

    /// <summary>
    /// Counts nesting as GitHub Actions' parser does (an expression, a chain of || or of &amp;&amp;, each !) and refuses
    /// more than <see cref="MaxDepth"/> levels, as Actions does.
    /// </summary>
    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error(Peek(), $"The condition nests more than {MaxDepth} levels deep (GitHub Actions' limit too); split the logic over several steps.");
        }
    }

    /// <summary>One comparison at most (<c>a == b</c>, <c>a &lt; b</c>); its operands are unary, so <c>!a == b</c> is <c>(!a) == b</c>, as in Actions.</summary>
    private ConditionExpression ParseComparison()
    {
        var left = ParseUnary();
        if (Peek().Kind is ConditionTokenKind.Equal or ConditionTokenKind.NotEqual or ConditionTokenKind.Compare)
        {
            var op = _tokens[_next++];
            var right = ParseUnary();
            return new BinaryExpression(op.Text, left, right, Join(left.Span, right.Span));
        }

        return left;
    }

    private ConditionExpression ParseUnary()
    {
        if (Peek().Kind == ConditionTokenKind.Not)
        {
            var not = _tokens[_next++];
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new NotExpression(operand, Join(SpanOf(not), operand.Span));
        }

        return ParsePrimary();
    }

    private ConditionExpression ParsePrimary()
    {
        var token = Peek();
        _next++;
        switch (token.Kind)
        {
            case ConditionTokenKind.Open:
                var inner = ParseOr();
                if (Peek().Kind != ConditionTokenKind.Close)
                {
                    throw Error(Peek(), "Expected ')' to close the '(' before it.");
                }

                _next++;
                return inner;
            case ConditionTokenKind.String:
                return new LiteralExpression(token.Value, SpanOf(token));
            case ConditionTokenKind.Variable:
                return new VariableExpression(token.Value, SpanOf(token));
            case ConditionTokenKind.Word when Peek().Kind == ConditionTokenKind.Open:
                return ParseCall(token);
            case ConditionTokenKind.Word when token.Value is "true" or "false":
                return new LiteralExpression(token.Value, SpanOf(token)) { Kind = LiteralKind.Boolean };
            case ConditionTokenKind.Word when ConditionNumber.LooksLikeNumber(token.Value):
                return new LiteralExpression(ConditionNumber.Read(token.Value) ?? throw Error(token, ConditionNumber.Refusal(token.Value)), SpanOf(token)) { Kind = LiteralKind.Number };
            case ConditionTokenKind.Word:
                return new VariableExpression(token.Value, SpanOf(token));
            case ConditionTokenKind.End:
                throw Error(token, "The condition ends where a value was expected.");
            default:
                throw Error(token, $"Expected a value, found '{token.Text}'.");
        }
    }

    /// <summary>A call: the name is already read and '(' is next. Arguments are full expressions, separated by ','.</summary>
    private CallExpression ParseCall(ConditionToken name)
    {
        _next++;
        var arguments = new List<ConditionExpression>();
        if (Peek().Kind != ConditionTokenKind.Close)
        {
            arguments.Add(ParseOr());
            while (Peek().Kind == ConditionTokenKind.Comma)
            {
                _next++;
                arguments.Add(ParseOr());
            }
        }

        if (Peek().Kind != ConditionTokenKind.Close)
        {
            throw Error(Peek(), $"Expected ',' or ')' in the arguments of {name.Text}(…).");
        }

        var close = _tokens[_next++];
        return new CallExpression(name.Value, arguments, SpanOf(name), Join(SpanOf(name), SpanOf(close)));
    }

    private ConditionToken Peek() => _tokens[Math.Min(_next, _tokens.Count - 1)];

    private SourceSpan SpanOf(ConditionToken token) => _scalar.SpanOf(token.Start, token.End - token.Start);

    private static SourceSpan Join(SourceSpan first, SourceSpan last) =>
        first with { EndLine = last.EndLine, EndColumn = last.EndColumn };

    private static ConditionSyntaxException Error(ConditionToken token, string message) => new(message, token.Start, token.End);
}
