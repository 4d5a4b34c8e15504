using System.ComponentModel;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>
/// The durable engine builds against the runtime's documented engine surface (issue 24): no InternalsVisibleTo, and
/// every runtime type it names is public, hidden from IntelliSense when it is not user API, and listed in
/// docs/implementation-notes.md ("The engine surface").
/// </summary>
[TestClass]
public sealed class EngineSurfaceTests
{
    private static readonly string[] EngineNamespaces = ["LlmCompiler.Runtime.Core", "LlmCompiler.Runtime.Scheduling", "LlmCompiler.Runtime.Steps", "LlmCompiler.Runtime.Processes"];

    private static Assembly Runtime => typeof(WorkflowRunner).Assembly;

    [TestMethod]
    public void TheRuntimeOpensNoInternalsToTheDurablePackage()
    {
        var friends = Runtime.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        CollectionAssert.DoesNotContain(friends, "LlmCompiler.Runtime.DurableTask");
    }

    [TestMethod]
    public void EveryRuntimeTypeTheDurableEngineNamesIsOnTheDocumentedSurface()
    {
        var documented = DocumentedSurface();
        var used = RuntimeTypesReferencedBy(typeof(DurableTaskEnginePlugin).Assembly.Location);
        Assert.IsTrue(used.Count > 10, $"only {used.Count} runtime types found: the metadata walk is broken");

        var problems = new List<string>();
        foreach (var name in used)
        {
            var type = Runtime.GetType(name);
            if (type is null)
            {
                continue; // a nested or generic name the walk spells differently; the compiler checked it exists
            }

            if (!type.IsPublic && !type.IsNestedPublic)
            {
                problems.Add($"{name} is not public");
            }
            else if (EngineNamespaces.Any(n => type.Namespace == n))
            {
                if (!Hidden(type))
                {
                    problems.Add($"{name} is not [EditorBrowsable(Never)]");
                }

                if (!documented.Contains(type.Name))
                {
                    problems.Add($"{name} is not listed under 'The engine surface'");
                }
            }
        }

        Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
    }

    [TestMethod]
    public void EveryPublicTypeOfTheEngineNamespacesIsHiddenFromWorkflowAuthors()
    {
        var visible = Runtime.GetExportedTypes()
            .Where(t => EngineNamespaces.Contains(t.Namespace) && !t.IsNested && !Hidden(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.AreEqual(0, visible.Count, "public but not hidden: " + string.Join(", ", visible));
    }

    private static bool Hidden(Type type) =>
        type.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;

    /// <summary>The type names the notes' "The step core" chapter names (its rules and its "The engine surface" section), up to the next chapter.</summary>
    private static HashSet<string> DocumentedSurface()
    {
        var notes = File.ReadAllText(Path.Combine(Repository.Root, "docs", "implementation-notes.md"));
        var start = notes.IndexOf("## The step core", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0 && notes.IndexOf("### The engine surface", start, StringComparison.Ordinal) > 0, "docs/implementation-notes.md has no 'The step core' chapter with 'The engine surface'");
        var end = notes.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var chapter = notes[start..(end < 0 ? notes.Length : end)];
        return System.Text.RegularExpressions.Regex.Matches(chapter, "`([A-Za-z]+)(?:[./][A-Za-z]+)*`")
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The full names of the runtime types an assembly's metadata refers to.</summary>
    private static HashSet<string> RuntimeTypesReferencedBy(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            var reference = reader.GetTypeReference(handle);
            if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference)
            {
                continue;
            }

            var assembly = reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope);
            if (reader.GetString(assembly.Name) == "LlmCompiler.Runtime")
            {
                names.Add(reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name));
            }
        }

        return names;
    }
}
