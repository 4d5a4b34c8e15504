using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// Every package in the feed looks like a well-kept nuget.org package: icon, readme, repository and commit, release
/// notes, and assemblies built deterministically whose symbols point at the repository's sources (SourceLink).
/// </summary>
[TestClass]
public sealed partial class PackageMetadataTests
{
    // The custom debug information kinds of a portable PDB (System.Reflection.Metadata's PortablePdb spec).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static IEnumerable<object[]> Packages => TestFeed.PackedProjects.Select(project => new object[] { Path.GetFileNameWithoutExtension(project) });

    [TestMethod]
    public async Task PackingWarnsAboutNothing()
    {
        await TestFeed.EnsurePackedAsync();
        Assert.HasCount(TestFeed.PackedProjects.Count, TestFeed.PackLogs);
        foreach (var log in TestFeed.PackLogs)
        {
            Assert.IsFalse(Warning().IsMatch(log.Output), log.ToString());
        }
    }

    [TestMethod]
    [DynamicData(nameof(Packages))]
    public async Task ThePackageHasAnIconAReadmeWithAnExampleAndTheReleaseNotes(string id)
    {
        using var package = await OpenAsync(id, ".nupkg");
        var metadata = Metadata(package);

        Assert.AreEqual("icon.png", Field(metadata, "icon"));
        var (width, height) = PngSize(Bytes(package, "icon.png"));
        Assert.IsTrue(width >= 128 && width == height, $"icon is {width}x{height}; NuGet asks for a square of at least 128");

        Assert.AreEqual("README.md", Field(metadata, "readme"));
        var readme = Text(package, "README.md");
        StringAssert.StartsWith(readme, "# " + id + "\n", "the readme is titled with the package id");
        StringAssert.Contains(readme, "\n## When you need it\n", "the readme says when a user needs the package");
        StringAssert.Matches(readme, CodeBlock(), "the readme has an example");

        var notes = Field(metadata, "releaseNotes");
        var newest = NewestRelease().Match(File.ReadAllText(Path.Combine(TestFeed.RepoRoot, "CHANGELOG.md")).ReplaceLineEndings("\n"));
        Assert.IsTrue(newest.Success, "CHANGELOG.md has a '## version' section");
        StringAssert.StartsWith(notes, newest.Groups["version"].Value + ": ");
        StringAssert.Contains(notes.ReplaceLineEndings("\n"), newest.Groups["body"].Value.Trim());
    }

    [TestMethod]
    [DynamicData(nameof(Packages))]
    public async Task ThePackageNamesItsRepositoryAndTheCommitItWasBuiltFrom(string id)
    {
        using var package = await OpenAsync(id, ".nupkg");
        var repository = Metadata(package).Element(Metadata(package).Name.Namespace + "repository");
        Assert.IsNotNull(repository, "<repository>");
        Assert.AreEqual("git", (string?)repository.Attribute("type"));
        Assert.AreEqual(RepositoryUrl(), (string?)repository.Attribute("url"));
        StringAssert.Matches((string?)repository.Attribute("commit"), CommitId());
    }

    [TestMethod]
    [DynamicData(nameof(Packages))]
    public async Task EveryAssemblyOfThePackageIsDeterministic(string id)
    {
        using var package = await OpenAsync(id, ".nupkg");
        var ours = package.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal) && e.Name.StartsWith("LlmCompiler.", StringComparison.Ordinal)).ToList();
        if (id is "LlmCompiler.Templates")
        {
            Assert.IsEmpty(ours, "a template package ships no assembly");
            return;
        }

        Assert.IsNotEmpty(ours);
        foreach (var entry in ours)
        {
            using var pe = new PEReader(new MemoryStream(Bytes(package, entry.FullName)));
            Assert.IsTrue(pe.ReadDebugDirectory().Any(d => d.Type == DebugDirectoryEntryType.Reproducible), $"{entry.FullName} was not built with /deterministic");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Packages))]
    public async Task TheSymbolsOfEveryLibraryFetchTheirSourcesFromTheRepositoryAtTheCommitItWasBuiltFrom(string id)
    {
        using var package = await OpenAsync(id, ".nupkg");
        var libraries = package.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        if (libraries.Count == 0)
        {
            // The SDK and the templates ship no library; the SDK's task assemblies are checked for determinism above.
            Assert.IsFalse(File.Exists(PackagePath(id, ".snupkg")), "no symbol package without a library");
            return;
        }

        var owner = new Uri(RepositoryUrl()).AbsolutePath.Trim('/');
        using var symbols = await OpenAsync(id, ".snupkg");
        foreach (var library in libraries)
        {
            // The commit of the build (stamped into the assembly's informational version), which is the nuspec's too
            // when build and pack run at one commit; the tests pack an earlier build, so they compare with the assembly.
            var commit = BuildCommit(Bytes(package, library.FullName));
            StringAssert.Matches(commit, CommitId(), library.FullName);
            var pdbPath = Path.ChangeExtension(library.FullName, ".pdb");
            using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Bytes(symbols, pdbPath)));
            var pdb = provider.GetMetadataReader();

            var sourceLink = pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation)
                .SingleOrDefault(c => pdb.GetGuid(c.Kind) == SourceLinkKind);
            Assert.IsFalse(sourceLink.Value.IsNil, $"{pdbPath} has no SourceLink");
            using var map = JsonDocument.Parse(pdb.GetBlobBytes(sourceLink.Value));
            var documents = map.RootElement.GetProperty("documents").EnumerateObject().ToList();
            Assert.IsNotEmpty(documents);
            foreach (var mapping in documents)
            {
                Assert.AreEqual($"https://raw.githubusercontent.com/{owner}/{commit}/*", mapping.Value.GetString(), mapping.Name);
            }

            // Every source file is either fetched through that map or embedded (generated and untracked files).
            foreach (var handle in pdb.Documents)
            {
                var document = pdb.GetDocument(handle);
                var name = pdb.GetString(document.Name);
                var mapped = documents.Any(m => name.StartsWith(m.Name.TrimEnd('*'), StringComparison.Ordinal));
                var embedded = pdb.GetCustomDebugInformation(handle).Select(pdb.GetCustomDebugInformation).Any(c => pdb.GetGuid(c.Kind) == EmbeddedSourceKind);
                Assert.IsTrue(mapped || embedded, $"{pdbPath}: {name} can be neither fetched nor read from the PDB");
            }
        }
    }

    /// <summary>The commit after the '+' of the assembly's informational version, where SourceLink stamps it.</summary>
    private static string BuildCommit(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var type = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (type.Kind != HandleKind.TypeReference || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)type).Name) != "AssemblyInformationalVersionAttribute")
            {
                continue;
            }

            var value = metadata.GetBlobReader(attribute.Value);
            value.ReadUInt16(); // the custom attribute blob's prolog
            var version = value.ReadSerializedString() ?? string.Empty;
            return version[(version.IndexOf('+', StringComparison.Ordinal) + 1)..];
        }

        throw new AssertFailedException("the assembly has no informational version");
    }

    private static async Task<ZipArchive> OpenAsync(string id, string extension)
    {
        await TestFeed.EnsurePackedAsync();
        return ZipFile.OpenRead(PackagePath(id, extension));
    }

    private static string PackagePath(string id, string extension) => Path.Combine(TestFeed.FeedDirectory, $"{id}.{TestFeed.Version}{extension}");

    private static XElement Metadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static string Field(XElement metadata, string name) =>
        (string?)metadata.Element(metadata.Name.Namespace + name) ?? throw new AssertFailedException($"the nuspec has no <{name}>");

    private static byte[] Bytes(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path) ?? throw new AssertFailedException($"the package has no {path}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Text(ZipArchive package, string path) => System.Text.Encoding.UTF8.GetString(Bytes(package, path)).ReplaceLineEndings("\n");

    /// <summary>The width and height in a PNG's IHDR chunk, after checking the signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.IsTrue(png.AsSpan(0, 8).SequenceEqual(signature), "icon.png is not a PNG");
        Assert.AreEqual("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>The repository URL the build declares (Directory.Build.props), the one SourceLink falls back to without a git remote.</summary>
    private static string RepositoryUrl() =>
        XDocument.Load(Path.Combine(TestFeed.RepoRoot, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;

    [GeneratedRegex(@"\bwarning\b", RegexOptions.IgnoreCase)]
    private static partial Regex Warning();

    [GeneratedRegex(@"(?ms)^ *```[a-z]+\n.+?^ *```$")]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^[0-9a-f]{40}$")]
    private static partial Regex CommitId();

    [GeneratedRegex(@"(?s)\n## (?<version>[^\n]+)\n(?<body>.*?)(?=\n## |\z)")]
    private static partial Regex NewestRelease();
}
