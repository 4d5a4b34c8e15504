using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Parses <c>if</c> expressions (a GitHub Actions-style subset): <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c> between variables (<c>{{name}}</c> or a bare name), quoted strings, numbers and
/// <c>true</c>/<c>false</c>; function calls (<c>contains(a, b)</c>, <c>always()</c>, …); combined with
/// <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> and parentheses. A bare value is true unless empty, <c>false</c> or <c>0</c>.
/// Types and function names are the checker's business (<see cref="Checking.ConditionTypeChecker"/>).
/// </summary>
internal sealed class ConditionParser
{
    /// <summary>Conditions longer than this are refused, so the recursive parser, checker and emitter stay far from the stack's end.</summary>
    internal const int MaxTokens = 500;

    private readonly ScalarSyntax _scalar;
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _next;

    private ConditionParser(ScalarSyntax scalar)
    {
        _scalar = scalar;
        _text = scalar.Value;
    }

    public static ConditionExpression? Parse(ScalarSyntax scalar, DiagnosticBag diagnostics)
    {
        var parser = new ConditionParser(scalar);
        try
        {
            parser.Tokenize();
            if (parser._tokens.Count > MaxTokens)
            {
                throw parser.Error(parser._tokens[MaxTokens], $"The condition has more than {MaxTokens} tokens; split the logic over several steps.");
            }

            var expression = parser.ParseOr();
            if (parser.Peek().Kind != TokenKind.End)
            {
                throw parser.Error(parser.Peek(), $"Unexpected '{parser.Peek().Text}' after a complete condition.");
            }

            return expression;
        }
        catch (ConditionSyntaxException e)
        {
            diagnostics.Add(DiagnosticDescriptors.ConditionSyntax, e.Span,
                $"{e.Message} Conditions look like: {{{{name}}}} == 'value', with != < <= > >= && || ! parentheses and functions such as contains(a, b).");
            return null;
        }
    }

    private ConditionExpression ParseOr()
    {
        var left = ParseAnd();
        while (Peek().Kind == TokenKind.Or)
        {
            _next++;
            var right = ParseAnd();
            left = new BinaryExpression("||", left, right, Join(left.Span, right.Span));
        }

        return left;
    }

    private ConditionExpression ParseAnd()
    {
        var left = ParseUnary();
        while (Peek().Kind == TokenKind.And)
        {
            _next++;
            var right = ParseUnary();
            left = new BinaryExpression("&&", left, right, Join(left.Span, right.Span));
        }

        return left;
    }

    private ConditionExpression ParseUnary()
    {
        if (Peek().Kind == TokenKind.Not)
        {
            var not = _tokens[_next++];
            var operand = ParseUnary();
            return new NotExpression(operand, Join(SpanOf(not), operand.Span));
        }

        var left = ParsePrimary();
        if (Peek().Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Compare)
        {
            var op = _tokens[_next++];
            var right = ParsePrimary();
            return new BinaryExpression(op.Text, left, right, Join(left.Span, right.Span));
        }

        return left;
    }

    private ConditionExpression ParsePrimary()
    {
        var token = Peek();
        _next++;
        switch (token.Kind)
        {
            case TokenKind.Open:
                var inner = ParseOr();
                if (Peek().Kind != TokenKind.Close)
                {
                    throw Error(Peek(), "Expected ')' to close the '(' before it.");
                }

                _next++;
                return inner;
            case TokenKind.String:
                return new LiteralExpression(token.Value, SpanOf(token));
            case TokenKind.Variable:
                return new VariableExpression(token.Value, SpanOf(token));
            case TokenKind.Word when Peek().Kind == TokenKind.Open:
                return ParseCall(token);
            case TokenKind.Word when token.Value is "true" or "false":
                return new LiteralExpression(token.Value, SpanOf(token)) { Kind = LiteralKind.Boolean };
            case TokenKind.Word when IsNumber(token.Value):
                return new LiteralExpression(token.Value, SpanOf(token)) { Kind = LiteralKind.Number };
            case TokenKind.Word:
                return new VariableExpression(token.Value, SpanOf(token));
            case TokenKind.End:
                throw Error(token, "The condition ends where a value was expected.");
            default:
                throw Error(token, $"Expected a value, found '{token.Text}'.");
        }
    }

    /// <summary>A call: the name is already read and '(' is next. Arguments are full expressions, separated by ','.</summary>
    private CallExpression ParseCall(Token name)
    {
        _next++;
        var arguments = new List<ConditionExpression>();
        if (Peek().Kind != TokenKind.Close)
        {
            arguments.Add(ParseOr());
            while (Peek().Kind == TokenKind.Comma)
            {
                _next++;
                arguments.Add(ParseOr());
            }
        }

        if (Peek().Kind != TokenKind.Close)
        {
            throw Error(Peek(), $"Expected ',' or ')' in the arguments of {name.Text}(…).");
        }

        var close = _tokens[_next++];
        return new CallExpression(name.Value, arguments, SpanOf(name), Join(SpanOf(name), SpanOf(close)));
    }

    /// <summary>Numbers as conditions write them: digits with an optional sign, fraction and exponent (no NaN, no hex).</summary>
    internal static bool IsNumber(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || (text.Length > 1 && text[0] is '-' or '+' && (char.IsAsciiDigit(text[1]) || text[1] == '.')) || (text[0] == '.' && text.Length > 1))
        && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value);

    private void Tokenize()
    {
        var i = 0;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '{' && i + 1 < _text.Length && _text[i + 1] == '{')
            {
                var close = _text.IndexOf("}}", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error(new Token(TokenKind.End, "{{", "", i, i + 2), "'{{' is not closed by '}}'.");
                }

                var name = _text.Substring(i + 2, close - i - 2).Trim().TrimStart('.');
                i = close + 2;
                var token = new Token(TokenKind.Variable, _text[start..i], name, start, i);
                if (!TemplateParser.IsName(name))
                {
                    throw Error(token, $"'{token.Text}' is not a variable reference.");
                }

                _tokens.Add(token);
                continue;
            }

            if (c is '\'' or '"')
            {
                var close = _text.IndexOf(c, i + 1);
                if (close < 0)
                {
                    throw Error(new Token(TokenKind.End, c.ToString(), "", i, i + 1), $"The string starting here is not closed by {c}.");
                }

                _tokens.Add(new Token(TokenKind.String, _text[i..(close + 1)], _text[(i + 1)..close], i, close + 1));
                i = close + 1;
                continue;
            }

            var two = i + 1 < _text.Length ? _text.Substring(i, 2) : string.Empty;
            var kind = two switch
            {
                "==" => TokenKind.Equal,
                "!=" => TokenKind.NotEqual,
                "&&" => TokenKind.And,
                "||" => TokenKind.Or,
                "<=" or ">=" => TokenKind.Compare,
                _ => TokenKind.End,
            };
            if (kind != TokenKind.End)
            {
                _tokens.Add(new Token(kind, two, two, i, i + 2));
                i += 2;
                continue;
            }

            kind = c switch
            {
                '!' => TokenKind.Not,
                '(' => TokenKind.Open,
                ')' => TokenKind.Close,
                ',' => TokenKind.Comma,
                '<' or '>' => TokenKind.Compare,
                _ => TokenKind.End,
            };
            if (kind != TokenKind.End)
            {
                _tokens.Add(new Token(kind, c.ToString(), c.ToString(), i, i + 1));
                i++;
                continue;
            }

            while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] is '_' or '-' or '.'))
            {
                i++;
            }

            if (i == start)
            {
                throw Error(new Token(TokenKind.End, c.ToString(), "", i, i + 1), $"'{c}' is not allowed in a condition.");
            }

            _tokens.Add(new Token(TokenKind.Word, _text[start..i], _text[start..i], start, i));
        }

        _tokens.Add(new Token(TokenKind.End, "end of condition", "", _text.Length, _text.Length));
    }

    private Token Peek() => _tokens[Math.Min(_next, _tokens.Count - 1)];

    private SourceSpan SpanOf(Token token) => _scalar.SpanOf(token.Start, token.End - token.Start);

    private static SourceSpan Join(SourceSpan first, SourceSpan last) =>
        first with { EndLine = last.EndLine, EndColumn = last.EndColumn };

    private ConditionSyntaxException Error(Token token, string message) => new(message, SpanOf(token));

    private enum TokenKind
    {
        End,
        Variable,
        String,
        Word,
        Equal,
        NotEqual,
        And,
        Or,
        Not,
        Open,
        Close,
        Comma,
        Compare,
    }

    private sealed record Token(TokenKind Kind, string Text, string Value, int Start, int End);

    private sealed class ConditionSyntaxException(string message, SourceSpan span) : Exception(message)
    {
        public SourceSpan Span { get; } = span;
    }
}
