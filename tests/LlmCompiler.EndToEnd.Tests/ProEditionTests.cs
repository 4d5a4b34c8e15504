using System.Security.Cryptography;
using System.Text;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>LlmCompilerEdition=Pro switches in the private package (here: samples/ProPlugin), which plugs itself in.</summary>
[TestClass]
public sealed class ProEditionTests
{
    private const string Contacts = """
        name: contacts
        steps:
          - name: find
            type: shell
            command: echo "write to alice@example.com or bob@example.org"
            output: contact
        """;

    private static readonly string Redacted = "write to [redacted email] or [redacted email]";
    private static readonly string Plain = "write to alice@example.com or bob@example.org";

    [TestMethod]
    public async Task ProPublishActsWhenLicensedAndIsCommunityPlusOneNoticeWhenNot()
    {
        await TestFeed.EnsureProPackedAsync();
        var project = await TestProject.CreateAsync("pro_publish", new Dictionary<string, string> { ["contacts.yaml"] = Contacts });
        var publish = await project.DotnetAsync("publish", "-nologo", "-p:LlmCompilerEdition=Pro", "-o", "pro");
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        Assert.IsTrue(File.Exists(project.PathOf("pro/LlmCompiler.Pro.dll")), "the Pro assembly must be in the Pro publish output");

        var licensed = await RunAsync(project, "pro", License("Test Co", DateTimeOffset.UtcNow.AddDays(30)));
        Assert.AreEqual(0, licensed.Result.ExitCode, licensed.Result.ToString());
        Assert.AreEqual(Redacted, licensed.Contact);
        Assert.AreEqual("LlmCompiler Pro (licensed to Test Co)", licensed.Edition);

        var unlicensed = await RunAsync(project, "pro", license: null);
        Assert.AreEqual(0, unlicensed.Result.ExitCode, unlicensed.Result.ToString());
        Assert.AreEqual(Plain, unlicensed.Contact);
        Assert.AreEqual("community", unlicensed.Edition);
        Assert.AreEqual(1, CountOf(unlicensed.Result.StandardError, "Pro edition is present but inactive: no license key in LLMC_PRO_LICENSE"));

        var expired = await RunAsync(project, "pro", License("Old Co", DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.AreEqual(Plain, expired.Contact);
        StringAssert.Contains(expired.Result.StandardError, "the license key is not valid (it expired on");

        var forged = await RunAsync(project, "pro", License("Test Co", DateTimeOffset.UtcNow.AddDays(30))[..^4] + "AAAA");
        Assert.AreEqual(Plain, forged.Contact);

        var community = await project.DotnetAsync("publish", "-nologo", "-o", "community");
        Assert.AreEqual(0, community.ExitCode, community.ToString());
        Assert.IsFalse(File.Exists(project.PathOf("community/LlmCompiler.Pro.dll")), "a community publish must not contain the Pro assembly");
        var communityRun = await RunAsync(project, "community", License("Test Co", DateTimeOffset.UtcNow.AddDays(30)));
        Assert.AreEqual(Plain, communityRun.Contact, "community output equals unlicensed Pro output");
        Assert.AreEqual("community", communityRun.Edition);
        Assert.AreEqual(0, CountOf(communityRun.Result.StandardError, "inactive"), "community says nothing about Pro");
    }

    [TestMethod]
    public async Task RestoringForOneEditionAndBuildingTheOtherIsOneClearError()
    {
        await TestFeed.EnsureProPackedAsync();
        var project = await TestProject.CreateAsync("pro_mismatch", new Dictionary<string, string> { ["contacts.yaml"] = Contacts });

        Assert.AreEqual(0, (await project.DotnetAsync("restore")).ExitCode);
        var proAfterCommunity = await project.BuildAsync("--no-restore", "-p:LlmCompilerEdition=Pro");
        Assert.AreNotEqual(0, proAfterCommunity.ExitCode);
        StringAssert.Contains(proAfterCommunity.Output, "error LLMC0005: LlmCompilerEdition is Pro but this project's restore has no 'LlmCompiler.Pro' package");
        Assert.IsFalse(proAfterCommunity.Output.Contains("error CS", StringComparison.Ordinal), proAfterCommunity.Output);

        Assert.AreEqual(0, (await project.DotnetAsync("restore", "-p:LlmCompilerEdition=Pro")).ExitCode);
        var communityAfterPro = await project.BuildAsync("--no-restore");
        Assert.AreNotEqual(0, communityAfterPro.ExitCode);
        StringAssert.Contains(communityAfterPro.Output, "error LLMC0005: This project was restored for LlmCompilerEdition=Pro but is building as Community");
        Assert.IsFalse(File.Exists(project.PathOf("bin/Debug/net10.0/LlmCompiler.Pro.dll")), "the Pro assembly must not be copied into a community build");
    }

    [TestMethod]
    public async Task UnknownEditionAndMissingPackageAreClearErrors()
    {
        await TestFeed.EnsurePackedAsync();
        var project = await TestProject.CreateAsync("pro_errors", new Dictionary<string, string> { ["contacts.yaml"] = Contacts });
        var unknown = await project.BuildAsync("-p:LlmCompilerEdition=Enterprise");
        Assert.AreNotEqual(0, unknown.ExitCode);
        StringAssert.Contains(unknown.Output, "error LLMC0002: LlmCompilerEdition is 'Enterprise'; valid values: Community, Pro.");

        // No source has the private package: NuGet's NU1101 and our LLMC0006 naming the package and the setting,
        // with the machine's usual (remote) feeds configured, and with local folders only.
        await AssertMissingProPackageIsExplainedAsync(project);
        project.WriteFile("nuget.config", TestFeed.NuGetConfig().Replace("<packageSources>", "<packageSources>\n    <clear />", StringComparison.Ordinal));
        await AssertMissingProPackageIsExplainedAsync(project);
    }

    [TestMethod]
    public async Task AFeedThatWantsCredentialsNoConfigGivesIsExplained()
    {
        await TestFeed.EnsurePackedAsync();
        var port = FreePort();
        using var feed = new System.Net.HttpListener();
        feed.Prefixes.Add($"http://127.0.0.1:{port}/");
        feed.Start();
        var serving = Task.Run(async () =>
        {
            // A private feed without credentials: every request is refused.
            while (feed.IsListening)
            {
                try
                {
                    var context = await feed.GetContextAsync();
                    context.Response.StatusCode = 401;
                    context.Response.AddHeader("WWW-Authenticate", "Basic realm=\"private\"");
                    context.Response.Close();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });

        var project = await TestProject.CreateAsync("pro_credentials", new Dictionary<string, string> { ["contacts.yaml"] = Contacts });
        var privateFeed = $"<add key=\"private feed\" value=\"http://127.0.0.1:{port}/v3/index.json\" allowInsecureConnections=\"true\" />";
        var config = TestFeed.NuGetConfig().Replace("<packageSources>", "<packageSources>\n    <clear />\n    " + privateFeed, StringComparison.Ordinal);
        project.WriteFile("nuget.config", config);
        var locked = await project.BuildAsync("-p:LlmCompilerEdition=Pro", "-p:LlmCompilerProPackageId=Acme.LlmCompiler.Pro");
        Assert.AreNotEqual(0, locked.ExitCode);
        StringAssert.Contains(locked.Output, "NU1301");
        StringAssert.Contains(locked.Output, $"error LLMC0006: LlmCompilerEdition=Pro needs the package 'Acme.LlmCompiler.Pro'");
        StringAssert.Contains(locked.Output, $"the feed http://127.0.0.1:{port}/v3/index.json asks for credentials and no nuget.config of this restore gives any for it");

        // With credentials in nuget.config the probe stays silent: NuGet alone decides (here it still fails: the server refuses everyone).
        project.WriteFile("nuget.config", config.Replace("</configuration>",
            "  <packageSourceCredentials><private_x0020_feed><add key=\"Username\" value=\"ci\" /><add key=\"ClearTextPassword\" value=\"secret\" /></private_x0020_feed></packageSourceCredentials>\n</configuration>",
            StringComparison.Ordinal));
        var withCredentials = await project.BuildAsync("-p:LlmCompilerEdition=Pro", "-p:LlmCompilerProPackageId=Acme.LlmCompiler.Pro");
        Assert.AreNotEqual(0, withCredentials.ExitCode);
        Assert.IsFalse(withCredentials.Output.Contains("LLMC0006", StringComparison.Ordinal), withCredentials.Output);

        feed.Stop();
        await serving;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task AssertMissingProPackageIsExplainedAsync(TestProject project)
    {
        var missing = await project.BuildAsync("-p:LlmCompilerEdition=Pro", "-p:LlmCompilerProPackageId=Acme.LlmCompiler.Pro");
        Assert.AreNotEqual(0, missing.ExitCode);
        StringAssert.Contains(missing.Output, "error NU1101");
        StringAssert.Contains(missing.Output, "error LLMC0006: LlmCompilerEdition=Pro needs the package 'Acme.LlmCompiler.Pro'");
        StringAssert.Contains(missing.Output, "nuget.config (packageSources and packageSourceCredentials)");
    }

    private static async Task<(CommandResult Result, string? Contact, string? Edition)> RunAsync(TestProject project, string folder, string? license)
    {
        var runFile = project.PathOf($"{folder}-{Guid.NewGuid():N}.json");
        var environment = new Dictionary<string, string?>(TestFeed.DotnetEnvironment) { ["LLMC_PRO_LICENSE"] = license };
        var result = await ProcessRunner.RunAsync("dotnet", [project.PathOf($"{folder}/{project.Name}.dll"), "--run-file", runFile], project.Directory, environment);
        using var json = project.ReadRunFile(runFile);
        var contact = json.RootElement.GetProperty("contexts").GetProperty("contacts").GetProperty("contact").GetString();
        var edition = json.RootElement.GetProperty("edition").GetProperty("name").GetString();
        return (result, contact, edition);
    }

    /// <summary>Signs a license with the sample issuer key, as samples/ProPlugin/tools/issue-license.sh does.</summary>
    private static string License(string licensee, DateTimeOffset expires)
    {
        var payload = Encoding.UTF8.GetBytes($$"""{"licensee":"{{licensee}}","expires":"{{expires:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(TestFeed.RepoRoot, "samples", "ProPlugin", "keys", "sample-license-private.pem")));
        var signature = key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Base64Url(payload) + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
