using System.Reflection;

namespace LlmCompiler.Tests.Shared;

/// <summary>Where the repository under test is (stamped into each test assembly by tests/Directory.Build.props).</summary>
internal static class Repository
{
    public static string Root { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;
}
