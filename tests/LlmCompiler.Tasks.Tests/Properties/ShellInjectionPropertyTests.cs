using CsCheck;
using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit.Shell;
using LlmCompiler.Tasks.Tests.Emit.Shell;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// Random commands, built from every kind of position a template can take (data, arithmetic, variable names, code)
/// nested in random compound commands, substitutions and quotes, with a template at a random one of them: a payload
/// that would run a command never runs. The build refuses the template (LLMC3001, LLMC3002), warns that it runs as
/// code (LLMC3003), or the command runs under a real sh and bash and the marker file never appears.
/// </summary>
[TestClass]
public sealed class ShellInjectionPropertyTests
{
    /// <summary>Payloads that run <c>touch marker</c> if a shell evaluates them: a fresh marker for each run, so that parallel runs never blame each other.</summary>
    private static readonly Func<string, string>[] Payloads = [m => $"a[$(touch {m})]", m => $"x[`touch {m}`]+1", m => $"$(touch {m})", m => $"1;touch {m}"];

    /// <summary>Where a template stands; {T} is the template, quoted as the generator chooses.</summary>
    private static readonly string[] Positions =
    [
        "echo {T}", "printf '%s' {T}", "echo $(( {T} + 1 ))", "echo \"$(( {T} ))\"", "(( {T} ))", "let n={T}", "let \"n={T}\"",
        "[[ {T} -eq 1 ]]", "[[ 1 -lt {T} ]]", "[[ {T} == x ]]", "a[{T}]=1", "a=([{T}]=1)", "echo ${a[{T}]}", "echo \"${a[{T}]}\"",
        "echo ${s:{T}}", "echo ${s:0:{T}}", "echo ${#a[{T}]}", "declare -i n={T}", "declare -i n; n={T}", "unset 'a[{T}]'",
        "read -r 'a[{T}]' <<< v", "echo $[ {T} ]", "for (( i={T}; i<1; i++ )); do :; done", "x=${y:-{T}}", "test {T} -eq 1",
        "[ -n {T} ]", "case {T} in a) ;; esac", "printf %d {T}", "read -r v <<< {T}", "echo $(echo {T})", "echo `echo {T}`",
        "i={T}; echo $i", "read {T} <<< v", "printf -v {T} x", "eval {T}", "bash -c {T}", "sh -c {T}", "unset {T}", "declare {T}=1",
        "[[ -v {T} ]]", "trap {T} EXIT", "source {T}", "echo {T} | sh", "local -i m={T}", "export {T}", "a=(1 {T})",
        "declare -A m; m[{T}]=1", "echo ${a[1+{T}]}", "echo $(( a[{T}] ))", "cat <<EOF\n{T}\nEOF", "x=\"$(( {T} ))\"",
    ];

    /// <summary>What surrounds a position; {F} is the position.</summary>
    private static readonly string[] Wrappers =
    [
        "{F}", "if true; then {F}; fi", "{F} && true", "true; {F}", "( {F} )", "f() { {F}; }; f", "echo \"$( {F} )\"", "x=$({F})",
        "{ {F}; }", "[[ 1 -eq 1 ]] && {F}", "echo \"$(case a in a) {F};; esac)\"", "true || {F}; {F}", "while true; do {F}; break; done", "echo `{F}`", "! {F}",
    ];

    private static readonly string[] Quotings = ["{{p}}", "\"{{p}}\"", "'{{p}}'", "\"x{{p}}\"", "{{p}}0", "\"${{p}}\""];

    private static readonly Gen<string> Command = Gen.Select(
        Gen.Int[0, Positions.Length - 1], Gen.Int[0, Wrappers.Length - 1], Gen.Int[0, Wrappers.Length - 1], Gen.Int[0, Quotings.Length - 1],
        (position, inner, outer, quoting) =>
            "a=(1 2 3); s=abcdef; " + Wrappers[outer].Replace("{F}", Wrappers[inner].Replace("{F}", Positions[position], StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace("{T}", Quotings[quoting], StringComparison.Ordinal));

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task NoPayloadEverRunsWhereverATemplateStands()
    {
        var ran = 0;
        var refused = 0;
        var warned = 0;
        await Command.Array[8, 8].SampleAsync(async commands =>
        {
            foreach (var command in commands)
            {
                foreach (var shell in new[] { "sh", "bash" })
                {
                    var diagnostics = new DiagnosticBag();
                    var template = CompilerHarness.ParseTemplate(command, diagnostics);
                    ShellTemplateChecker.Check(template, shell, diagnostics);
                    if (diagnostics.HasErrors)
                    {
                        Interlocked.Increment(ref refused);
                        continue;
                    }

                    if (diagnostics.Items.Any(d => d.Id == DiagnosticDescriptors.ShellTemplateRunsAsCode.Id))
                    {
                        Interlocked.Increment(ref warned);
                        continue;
                    }

                    var rewritten = ShellCommandRewriter.Rewrite(template, shell);
                    foreach (var payloadFor in Payloads)
                    {
                        var marker = Path.Combine(Path.GetTempPath(), "llmc-pwned-" + Guid.NewGuid().ToString("N"));
                        var payload = payloadFor(marker);
                        await ShellRuns.RunAsync(rewritten, shell, payload);
                        Assert.IsFalse(File.Exists(marker), $"{shell} ran payload '{payload}' through:\n{command}\nrewritten: {rewritten.Command}");
                        Interlocked.Increment(ref ran);
                    }
                }
            }
        }, iter: 20, threads: 2, print: commands => string.Join("\n---\n", commands));
        TestContext.WriteLine($"{ran} runs, {refused} refused at build time, {warned} warned as code");
        Assert.IsTrue(ran >= 500, $"only {ran} runs");
        Assert.IsTrue(refused > 0 && warned > 0, $"{refused} refused, {warned} warned: the generator misses positions");
    }
}
