namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Forcing one build of the compile task (<c>LlmCompilerTaskFramework</c>) in a test, and proving from the build log
/// which one MSBuild loaded: the task names its target framework in its summary line (normal verbosity).
/// </summary>
public static class TaskBuilds
{
    /// <summary>Gets the build the dotnet CLI of this repository's SDK (MSBuild 18) loads by default.</summary>
    public const string Default = "net10.0";

    /// <summary>Returns a project-name suffix that keeps projects of different task builds apart.</summary>
    public static string Suffix(string? taskFramework) =>
        taskFramework is null ? string.Empty : "_" + taskFramework.Replace(".", string.Empty, StringComparison.Ordinal);

    /// <summary>Returns the build arguments that select the task build (none for the default) and log its summary.</summary>
    public static string[] Arguments(string? taskFramework) =>
        taskFramework is null ? ["-v:n"] : ["-v:n", "-p:LlmCompilerTaskFramework=" + taskFramework];

    /// <summary>Asserts that the build ran the compile task from the given build (the default when null).</summary>
    public static void AssertLoaded(CommandResult build, string? taskFramework)
    {
        var expected = "task build " + FrameworkName(taskFramework ?? Default) + ".";
        Assert.IsTrue(build.StandardOutput.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in the build log:\n{build}");
    }

    private static string FrameworkName(string taskFramework) => taskFramework switch
    {
        "netstandard2.0" => ".NETStandard,Version=v2.0",
        "net8.0" => ".NETCoreApp,Version=v8.0",
        "net10.0" => ".NETCoreApp,Version=v10.0",
        _ => throw new ArgumentOutOfRangeException(nameof(taskFramework), taskFramework, "no such task build"),
    };
}
