using LlmCompiler.Tasks.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Builds a <see cref="YamlNode"/> tree from YamlDotNet's event parser, without recursion, so hostile input
/// (deep nesting, alias bombs, huge files) ends in a diagnostic instead of a stack overflow or a hang.
/// </summary>
internal static class YamlTreeReader
{
    public const int MaxFileChars = 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxAliases = 1000;

    /// <summary>Reads every document of <paramref name="source"/>; problems go to <paramref name="diagnostics"/>.</summary>
    public static IReadOnlyList<YamlNode> Read(SourceText source, DiagnosticBag diagnostics)
    {
        if (source.Text.Length > MaxFileChars)
        {
            diagnostics.Add(DiagnosticDescriptors.InputLimit, SourceSpan.At(source.Path, 1, 1),
                $"The file has {source.Text.Length:N0} characters; workflow files may have at most {MaxFileChars:N0}.");
            return [];
        }

        var documents = new List<YamlNode>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<Builder>();
        var aliases = 0;
        var parser = new Parser(new StringReader(source.Text));
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart:
                        anchors.Clear();
                        break;
                    case Scalar scalar:
                        Add(new YamlScalar((int)scalar.Start.Index, (int)scalar.End.Index, scalar.Value, scalar.Style), scalar.Anchor);
                        break;
                    case AnchorAlias alias:
                        if (++aliases > MaxAliases)
                        {
                            diagnostics.Add(DiagnosticDescriptors.InputLimit, source.Span((int)alias.Start.Index, (int)alias.End.Index),
                                $"The file uses more than {MaxAliases} aliases.");
                            return [];
                        }

                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, source.Span((int)alias.Start.Index, (int)alias.End.Index),
                                $"The alias '*{alias.Value.Value}' names no anchor defined before it.");
                            return [];
                        }

                        Add(target, AnchorName.Empty);
                        break;
                    case SequenceStart sequence:
                        if (!Push(new Builder((int)sequence.Start.Index, sequence.Anchor, isMapping: false), (int)sequence.Start.Index))
                        {
                            return [];
                        }

                        break;
                    case MappingStart mapping:
                        if (!Push(new Builder((int)mapping.Start.Index, mapping.Anchor, isMapping: true), (int)mapping.Start.Index))
                        {
                            return [];
                        }

                        break;
                    case SequenceEnd or MappingEnd:
                        var done = stack.Pop();
                        Add(done.Build((int)current.End.Index, source, diagnostics), done.Anchor);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            if (ColonInPlainValue(source.Text, e, parser.Current) is { } value)
            {
                diagnostics.Add(DiagnosticDescriptors.YamlSyntax, source.Span(value, (int)e.Start.Index + 1), ColonInPlainValueMessage(source.Text, value, (int)e.Start.Index));
                return [];
            }

            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, source.Span((int)e.Start.Index, (int)e.End.Index), CleanMessage(e));
            return [];
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on some malformed flow collections (found by the mutation
            // property test); it is still a syntax error in the file, reported where reading stopped.
            var at = (int)Math.Min(parser.Current?.End.Index ?? 0, source.Text.Length);
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax, source.Span(at, at),
                "The YAML is malformed after this point (often an unclosed '{', '[' or quote).");
            return [];
        }

        return documents;

        bool Push(Builder builder, int offset)
        {
            if (stack.Count >= MaxDepth)
            {
                diagnostics.Add(DiagnosticDescriptors.InputLimit, source.Span(offset, offset + 1),
                    $"The YAML nests deeper than {MaxDepth} levels.");
                return false;
            }

            stack.Push(builder);
            return true;
        }

        void Add(YamlNode node, AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            if (stack.Count == 0)
            {
                documents.Add(node);
            }
            else
            {
                stack.Peek().Add(node);
            }
        }
    }

    /// <summary>
    /// Where a plain value starts whose <c>": "</c> YamlDotNet took for a mapping (<c>command: echo '{"a": 1}'</c>): the
    /// key just read is on the error's line and the error is past its colon. <see langword="null"/> for any other error.
    /// </summary>
    private static int? ColonInPlainValue(string text, YamlException e, ParsingEvent? last)
    {
        var error = (int)e.Start.Index;
        var mapping = e.Message.Contains("found invalid mapping", StringComparison.Ordinal)
            || e.Message.Contains("Mapping values are not allowed in this context", StringComparison.Ordinal);
        if (!mapping || last is not Scalar key || key.End.Line != e.Start.Line || error >= text.Length || text[error] != ':')
        {
            return null;
        }

        // After the key: spaces, its ':', spaces; the value starts there, before the colon that broke it.
        var at = (int)key.End.Index;
        while (at < error && text[at] is ' ' or '\t')
        {
            at++;
        }

        if (at >= error || text[at] != ':')
        {
            return null;
        }

        at++;
        while (at < error && text[at] is ' ' or '\t')
        {
            at++;
        }

        return at < error ? at : null;
    }

    /// <summary>Says which colon broke the value and the two ways to write it so YAML reads it whole.</summary>
    private static string ColonInPlainValueMessage(string text, int value, int colon)
    {
        var lineEnd = text.IndexOf('\n', value);
        var written = text[value..(lineEnd < 0 ? text.Length : lineEnd)].TrimEnd('\r', ' ');
        var column = colon - (text.LastIndexOf('\n', colon) + 1) + 1;
        return $"The value '{written}' has ': ' at column {column}, which YAML reads as the start of a mapping inside an unquoted value. "
            + $"Quote the whole value ('{written.Replace("'", "''", StringComparison.Ordinal)}', doubling its single quotes), "
            + "or write it as a block scalar: '|' after the key, the value indented on the next lines.";
    }

    /// <summary>YamlDotNet prefixes its messages with the position, which the diagnostic already carries.</summary>
    private static string CleanMessage(YamlException e)
    {
        var message = e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            message = message[(marker + 3)..];
        }

        return message.TrimEnd('.') + ".";
    }

    private sealed class Builder
    {
        private readonly int _start;
        private readonly bool _isMapping;
        private readonly List<YamlNode> _items = [];

        public Builder(int start, AnchorName anchor, bool isMapping)
        {
            _start = start;
            Anchor = anchor;
            _isMapping = isMapping;
        }

        public AnchorName Anchor { get; }

        public void Add(YamlNode node) => _items.Add(node);

        public YamlNode Build(int end, SourceText source, DiagnosticBag diagnostics)
        {
            if (!_isMapping)
            {
                return new YamlSequence(_start, end, _items);
            }

            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>(_items.Count / 2);
            for (var i = 0; i + 1 < _items.Count; i += 2)
            {
                if (_items[i] is YamlScalar key)
                {
                    entries.Add(new(key, _items[i + 1]));
                }
                else
                {
                    diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, source.Span(_items[i].Start, _items[i].End),
                        $"A mapping key must be plain text, not {_items[i].KindName}.");
                }
            }

            return new YamlMapping(_start, end, entries);
        }
    }
}
