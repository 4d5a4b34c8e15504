using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Tasks.Tests.Emit;

/// <summary>
/// The graph as a reader sees it: rendered by mermaid-cli (the npm package, installed by the test) in Debian's
/// chromium, then read back from the SVG, whose edges are named <c>L_{source}_{target}_{n}</c> after their nodes.
/// </summary>
[TestClass]
public sealed partial class MermaidRenderingTests
{
    // producer.make is waited for by main.use, which comes after a step that calls child: the wait must not read as
    // a wait on child. The condition's quotes are YAML escapes that must not reach the picture.
    private const string Flow = """
        name: producer
        steps:
          - name: make
            type: shell
            command: echo 42
            output: value
        ---
        name: child
        steps:
          - name: inner
            type: shell
            command: echo inner
        ---
        name: main
        steps:
          - name: call
            type: workflow
            workflow: child
          - name: use
            type: shell
            wait_for: producer.make
            if: "{{producer.make}} == \"item 1\""
            command: echo used
        """;

    [TestMethod]
    public async Task TheRenderedGraphDrawsWaitForBetweenTheTwoStepsAndShowsLabelsAsWritten()
    {
        var result = CompilerHarness.Compile(("flow.yaml", Flow));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        var graph = result.Graph!;
        var make = NodeId(graph, "make");
        var use = NodeId(graph, "use");

        var svg = await RenderAsync(graph);

        var waits = EdgeIds(svg).Where(id => id.Contains("_" + use + "_", StringComparison.Ordinal)).ToList();
        CollectionAssert.Contains(waits, $"L_{make}_{use}_0", $"the wait_for edge does not join {make} (make) and {use} (use); edges into use: {string.Join(", ", waits)}\n{graph}");
        Assert.IsTrue(waits.All(id => id.StartsWith("L_w", StringComparison.Ordinal) && id.Split('_')[1].Contains('s', StringComparison.Ordinal)), $"an edge into use starts at a workflow's box: {string.Join(", ", waits)}");

        var label = NodeText(svg, use);
        StringAssert.Contains(label, "if: {{producer.make}} == \"item 1\"", "the condition is shown as the YAML means it");
        Assert.IsFalse(label.Contains('\\', StringComparison.Ordinal), "a YAML escape leaked into the label: " + label);
    }

    /// <summary>The id of the node whose label starts with the step's name (<c>w2s1["use&lt;br/&gt;…</c>).</summary>
    private static string NodeId(string graph, string step)
    {
        var match = Regex.Match(graph, @"^\s*(w\d+s\d+)\W+" + Regex.Escape(step) + "<br/>", RegexOptions.Multiline);
        Assert.IsTrue(match.Success, $"no node for step '{step}' in:\n{graph}");
        return match.Groups[1].Value;
    }

    private static IEnumerable<string> EdgeIds(string svg) => EdgeId().Matches(svg).Select(m => m.Groups[1].Value);

    /// <summary>The visible text of a node: its group's markup without tags, entities decoded, breaks as spaces.</summary>
    private static string NodeText(string svg, string nodeId)
    {
        var start = svg.IndexOf($"-flowchart-{nodeId}-", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, $"node {nodeId} is not in the SVG");
        var end = svg.IndexOf("</foreignObject>", start, StringComparison.Ordinal);
        var markup = svg[start..end].Replace("<br />", " ", StringComparison.Ordinal).Replace("<br/>", " ", StringComparison.Ordinal);
        return WebUtility.HtmlDecode(Tag().Replace(markup[(markup.IndexOf('>', StringComparison.Ordinal) + 1)..], string.Empty));
    }

    private static async Task<string> RenderAsync(string graph)
    {
        var chromium = TestTools.DebianChromium();
        var cli = TestTools.MermaidCli();
        var directory = Directory.CreateTempSubdirectory("llmc-mermaid-");
        try
        {
            var input = Path.Combine(directory.FullName, "workflows.mmd");
            var output = Path.Combine(directory.FullName, "workflows.svg");
            var config = Path.Combine(directory.FullName, "puppeteer.json");
            await File.WriteAllTextAsync(input, graph);

            // Root needs --no-sandbox (see docs on running chromium as root); puppeteer otherwise looks for its own Chrome.
            await File.WriteAllTextAsync(config, $$"""{ "executablePath": "{{chromium}}", "args": ["--no-sandbox"] }""");
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { cli, "--puppeteerConfigFile", config, "--input", input, "--output", output, "--quiet" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.AreEqual(0, process.ExitCode, $"mermaid-cli failed:\n{stdout}{await stderr}");
            return await File.ReadAllTextAsync(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<path[^>]*\\bdata-id=\"(L_[^\"]+)\"")]
    private static partial Regex EdgeId();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
