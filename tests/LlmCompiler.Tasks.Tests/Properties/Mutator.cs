namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>Small random edits of a workflow file's text, of the kinds people and tools make.</summary>
internal static class Mutator
{
    private const string Noise = "{}[]:'\"-#&*!|>%@`\n\t ,?.~x1{{}}";

    public static string Apply(string text, (int Kind, int Position, int Argument) mutation)
    {
        var (kind, position, argument) = mutation;
        var at = text.Length == 0 ? 0 : position % text.Length;
        var lines = text.Split('\n').ToList();
        var line = position % lines.Count;
        switch (kind)
        {
            case 0:
                return text.Length == 0 ? text : text.Remove(at, 1);
            case 1:
                return text.Insert(at, Noise[argument % Noise.Length].ToString());
            case 2:
                lines.Insert(line, lines[line]);
                break;
            case 3:
                lines.RemoveAt(line);
                break;
            case 4:
                var other = argument % lines.Count;
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            case 5:
                lines[line] = new string(' ', argument % 7) + lines[line].TrimStart();
                break;
            case 6:
                return text[..at];
            default:
                // Replace a word-like run with a neighbour's, or with noise.
                var end = at;
                while (end < text.Length && char.IsLetterOrDigit(text[end]))
                {
                    end++;
                }

                return text[..at] + Noise[argument % Noise.Length] + text[end..];
        }

        return string.Join('\n', lines);
    }
}
