using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>prompt_file and system_file in a real build: inputs of the incremental build, compiled into the program.</summary>
[TestClass]
public sealed class PromptFileTests
{
    private const string Workflow = """
        name: prompted
        steps:
          - name: topic
            type: shell
            command: echo compilers
            output: topic
          - name: ask
            type: llm
            system_file: prompts/system.md
            prompt_file: prompts/ask.md
            output: answer
        """;

    [TestMethod]
    public async Task PromptFilesAreBuildInputsCompiledIntoTheProgramAndADeletedOneIsAnError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var project = await TestProject.CreateAsync("prompt_files", new Dictionary<string, string>
        {
            ["flows/prompted.yaml"] = Workflow,
            ["flows/prompts/system.md"] = "Answer briefly.\n",
            ["flows/prompts/ask.md"] = "Tell me about {{topic}}.\n",
        });
        var first = await project.BuildAsync();
        Assert.AreEqual(0, first.ExitCode, first.ToString());

        // Nothing changed: the generation target is skipped although it now has the prompt files as inputs.
        var unchanged = await project.BuildAsync("-v:d");
        Assert.AreEqual(0, unchanged.ExitCode, unchanged.ToString());
        StringAssert.Contains(unchanged.Output, "Skipping target \"_LlmCompilerGenerate\" because all output files are up-to-date");

        // Editing a prompt file regenerates.
        await Task.Delay(1100);
        project.WriteFile("flows/prompts/ask.md", "Explain {{topic}} to a child.\n");
        var edited = await project.BuildAsync();
        Assert.AreEqual(0, edited.ExitCode, edited.ToString());
        StringAssert.Contains(File.ReadAllText(project.PathOf("obj/Debug/net10.0/llmc/flows/prompted.g.cs")), "Explain ");

        // The program runs without the prompt files beside it: their text is compiled in.
        var prompts = project.PathOf("flows/prompts");
        var moved = project.PathOf("prompts-moved-away");
        Directory.Move(prompts, moved);
        var run = await project.RunBuiltAsync(new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(), ["OPENAI_MODEL"] = "m" });
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        CollectionAssert.AreEqual(
            new[] { ("system", "Answer briefly.\n"), ("user", "Explain compilers to a child.\n") },
            server.Requests.Single().Messages.ToArray());

        // Deleting a prompt file the workflow names fails the next build, at the field's value.
        var broken = await project.BuildAsync();
        Assert.AreNotEqual(0, broken.ExitCode, broken.ToString());
        var yaml = Regex.Escape(project.PathOf("flows/prompted.yaml"));
        StringAssert.Matches(broken.Output, new Regex(yaml + @"\(9,18,9,35\): error LLMC1010: The file 'prompts/system.md' cannot be read"));

        // A failed build leaves no stamp: building again without a change fails again, instead of compiling stale C#.
        var stillBroken = await project.BuildAsync();
        Assert.AreNotEqual(0, stillBroken.ExitCode, stillBroken.ToString());
        StringAssert.Contains(stillBroken.Output, "error LLMC1010");

        // A template error inside a prompt file is reported at the prompt file's own line and column.
        Directory.Move(moved, prompts);
        project.WriteFile("flows/prompts/ask.md", "Explain {{topic}}\nto {{audience}}.\n");
        var wrong = await project.BuildAsync();
        Assert.AreNotEqual(0, wrong.ExitCode, wrong.ToString());
        var ask = Regex.Escape(project.PathOf("flows/prompts/ask.md"));
        StringAssert.Matches(wrong.Output, new Regex(ask + @"\(2,4,2,16\): error LLMC2006: "));
    }
}
