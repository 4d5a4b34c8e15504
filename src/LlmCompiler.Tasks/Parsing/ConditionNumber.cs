using System.Globalization;
using LlmCompiler.Shared;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Number literals in conditions, against what GitHub Actions reads as a number: decimals with a sign and an
/// exponent (<c>-1</c>, <c>+1</c>, <c>.5</c>, <c>1E+1</c>) and hexadecimal and octal integers (<c>0xff</c>, <c>0o10</c>,
/// written here in decimal) are numbers; <c>NaN</c> and <c>Infinity</c> are refused, since every value is text at
/// run time and conditions compare finite numbers only.
/// </summary>
internal static class ConditionNumber
{
    /// <summary>Whether a word is meant as a number: it starts like one, or names NaN or Infinity.</summary>
    public static bool LooksLikeNumber(string word) =>
        word.TrimStart('-', '+') is var unsigned && (unsigned is "NaN" or "Infinity" || (unsigned.Length > 0 && (char.IsAsciiDigit(unsigned[0]) || unsigned[0] == '.')));

    /// <summary>The literal's value as invariant decimal text, or <see langword="null"/> when conditions do not take it.</summary>
    public static string? Read(string word)
    {
        if (word.Length > 2 && word[0] == '0' && word[1] is 'x' or 'o')
        {
            var digits = word[2..];
            var radix = word[1] == 'x' ? 16 : 8;
            if (digits.Length > 13 || !digits.All(d => Uri.IsHexDigit(d) && (radix == 16 || d is >= '0' and <= '7')))
            {
                return null;
            }

            return Convert.ToInt64(digits, radix).ToString(CultureInfo.InvariantCulture);
        }

        return ConditionSemantics.IsNumber(word) ? word : null;
    }

    /// <summary>Why <see cref="Read"/> refused a word, and what to write.</summary>
    public static string Refusal(string word) => word.TrimStart('-', '+') is "NaN" or "Infinity"
        ? $"'{word}' is a number in GitHub Actions, but conditions take finite numbers only (values are text at run time); compare with a finite number."
        : $"'{word}' is not a number conditions take: write a finite decimal (3, -0.5, +1, 1E+3), 0x hexadecimal (0xff) or 0o octal (0o17).";
}
