using System.Diagnostics;
using System.Text;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// A real <c>dotnet watch</c>: it must see a workflow edit (Watch items) and rebuild, with the task build the dotnet
/// CLI loads and with the netstandard2.0 one.
/// </summary>
[TestClass]
public sealed class DotnetWatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [TestMethod]
    [DataRow(null, DisplayName = "default task build")]
    [DataRow("netstandard2.0", DisplayName = "netstandard2.0 task build")]
    public async Task DotnetWatchRegeneratesTheCodeWhenAWorkflowIsEdited(string? taskFramework)
    {
        var project = await TestProject.CreateAsync("watching" + TaskBuilds.Suffix(taskFramework), new Dictionary<string, string>
        {
            ["hello.yaml"] = Workflow("echo first-version"),
        });
        var restore = await project.DotnetAsync("restore");
        Assert.AreEqual(0, restore.ExitCode, restore.ToString());
        var generated = project.PathOf("obj/Debug/net10.0/llmc/hello.g.cs");

        var output = new StringBuilder();
        using var watch = StartWatch(project, taskFramework, output);
        try
        {
            await WaitUntilAsync(watch, () => Contains(generated, "first-version") && Logged(output, "waiting for"), output, "the first build");

            project.WriteFile("hello.yaml", Workflow("echo second-version"));
            await WaitUntilAsync(watch, () => Contains(generated, "second-version"), output, "the rebuild after the edit");
            TaskBuilds.AssertLoaded(new CommandResult(0, Logged(output), string.Empty), taskFramework);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }
    }

    [TestMethod]
    public async Task DotnetWatchRegeneratesTheCodeWhenAPromptFileIsEdited()
    {
        var project = await TestProject.CreateAsync("watching_prompt", new Dictionary<string, string>
        {
            ["ask.yaml"] = """
                name: ask
                steps:
                  - name: question
                    type: llm
                    prompt_file: prompts/question.md
                    output: answer
                """,
            ["prompts/question.md"] = "first-prompt",
        });

        // The compiler names the prompt files it read (obj/…/llmc.dependencies); the build before watch starts does.
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var generated = project.PathOf("obj/Debug/net10.0/llmc/ask.g.cs");
        Assert.IsTrue(Contains(generated, "first-prompt"));

        // From then on the prompt file is an input for Visual Studio's fast up-to-date check and a Watch item.
        foreach (var item in new[] { "UpToDateCheckInput", "Watch" })
        {
            var items = await project.DotnetAsync("msbuild", "-nologo", "-getItem:" + item);
            Assert.AreEqual(0, items.ExitCode, items.ToString());
            StringAssert.Contains(items.StandardOutput.Replace('\\', '/'), "prompts/question.md", item);
        }

        var output = new StringBuilder();
        using var watch = StartWatch(project, null, output);
        try
        {
            await WaitUntilAsync(watch, () => Logged(output, "waiting for"), output, "the first build");

            project.WriteFile("prompts/question.md", "second-prompt");
            await WaitUntilAsync(watch, () => Contains(generated, "second-prompt"), output, "the rebuild after the prompt file's edit");
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }
    }

    private static string Workflow(string command) => $"""
        name: hello
        steps:
          - name: say
            type: shell
            command: {command}
            output: greeting
        """;

    private static Process StartWatch(TestProject project, string? taskFramework, StringBuilder output)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["watch", "--non-interactive", "build", "--no-restore", "-v:n"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in TestFeed.DotnetEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        // dotnet watch reads -p: as its own --project; MSBuild takes environment variables as properties.
        if (taskFramework is not null)
        {
            startInfo.Environment["LlmCompilerTaskFramework"] = taskFramework;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Logged(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static bool Logged(StringBuilder output, string text) => Logged(output).Contains(text, StringComparison.OrdinalIgnoreCase);

    private static bool Contains(string path, string text) => File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal);

    private static async Task WaitUntilAsync(Process watch, Func<bool> condition, StringBuilder output, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.HasExited || clock.Elapsed > Patience)
            {
                Assert.Fail($"dotnet watch did not finish {what} (exited: {watch.HasExited}, waited {clock.Elapsed}):\n{Logged(output)}");
            }

            await Task.Delay(250);
        }
    }
}
