using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace LlmCompiler.Tests.Shared;

/// <summary>
/// The Go original's workflows (the compat inputs): ../shared/compat beside the repository, as the team and CI lay
/// it out, or the folder LLMC_COMPAT_DIR names. Without them the tests that need them are inconclusive, not failed.
/// </summary>
internal static class CompatInputs
{
    public static string Directory { get; } =
        Environment.GetEnvironmentVariable("LLMC_COMPAT_DIR") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "compat"));

    public static string Read(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        if (!File.Exists(path))
        {
            Assert.Inconclusive($"The compat input {path} is not there: put the shared folder beside the repository (../shared/compat) or set LLMC_COMPAT_DIR.");
        }

        return File.ReadAllText(path);
    }
}
