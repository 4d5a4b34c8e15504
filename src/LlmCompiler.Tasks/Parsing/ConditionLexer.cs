using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// The tokens of an <c>if</c> expression: <c>{{name}}</c> references, quoted strings, words (names, numbers,
/// <c>true</c>/<c>false</c>, function names), operators and punctuation. What a word means is the parser's business.
/// </summary>
internal static class ConditionLexer
{
    /// <summary>Splits <paramref name="text"/> into tokens, ending with an <see cref="ConditionTokenKind.End"/> token.</summary>
    /// <exception cref="ConditionSyntaxException">A string or <c>{{</c> is not closed, or a character is not allowed.</exception>
    public static List<ConditionToken> Tokenize(string text)
    {
        var tokens = new List<ConditionToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf("}}", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new ConditionSyntaxException("'{{' is not closed by '}}'.", i, i + 2);
                }

                var name = text.Substring(i + 2, close - i - 2).Trim().TrimStart('.');
                i = close + 2;
                var token = new ConditionToken(ConditionTokenKind.Variable, text[start..i], name, start, i);
                if (!NameRules.IsVariableName(name))
                {
                    throw new ConditionSyntaxException($"'{token.Text}' is not a variable reference.", token.Start, token.End);
                }

                tokens.Add(token);
                continue;
            }

            if (c is '\'' or '"')
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0)
                {
                    throw new ConditionSyntaxException($"The string starting here is not closed by {c}.", i, i + 1);
                }

                tokens.Add(new ConditionToken(ConditionTokenKind.String, text[i..(close + 1)], text[(i + 1)..close], i, close + 1));
                i = close + 1;
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
            var kind = two switch
            {
                "==" => ConditionTokenKind.Equal,
                "!=" => ConditionTokenKind.NotEqual,
                "&&" => ConditionTokenKind.And,
                "||" => ConditionTokenKind.Or,
                "<=" or ">=" => ConditionTokenKind.Compare,
                _ => ConditionTokenKind.End,
            };
            if (kind != ConditionTokenKind.End)
            {
                tokens.Add(new ConditionToken(kind, two, two, i, i + 2));
                i += 2;
                continue;
            }

            kind = c switch
            {
                '!' => ConditionTokenKind.Not,
                '(' => ConditionTokenKind.Open,
                ')' => ConditionTokenKind.Close,
                ',' => ConditionTokenKind.Comma,
                '<' or '>' => ConditionTokenKind.Compare,
                _ => ConditionTokenKind.End,
            };
            if (kind != ConditionTokenKind.End)
            {
                tokens.Add(new ConditionToken(kind, c.ToString(), c.ToString(), i, i + 1));
                i++;
                continue;
            }

            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.' || IsSignInNumber(text, start, i)))
            {
                i++;
            }

            if (i == start)
            {
                // A character outside the Basic Multilingual Plane (an emoji) is two chars: quote it whole.
                var length = char.IsSurrogatePair(text, i) ? 2 : 1;
                throw new ConditionSyntaxException($"'{text.Substring(i, length)}' is not allowed in a condition.", i, i + length);
            }

            tokens.Add(new ConditionToken(ConditionTokenKind.Word, text[start..i], text[start..i], start, i));
        }

        tokens.Add(new ConditionToken(ConditionTokenKind.End, "end of condition", "", text.Length, text.Length));
        return tokens;
    }

    /// <summary>A '+' that belongs to a number, as Actions reads it: a leading sign (<c>+1</c>) or an exponent's (<c>1E+1</c>).</summary>
    private static bool IsSignInNumber(string text, int start, int i) =>
        text[i] == '+' && (i == start ? i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.') : text[i - 1] is 'e' or 'E' && !char.IsLetter(text[start]) && text[start] != '_');
}
