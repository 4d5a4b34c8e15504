using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit.Shell;

namespace LlmCompiler.Tasks.Tests.Emit.Shell;

/// <summary>
/// Where sh or bash evaluate a value as arithmetic, an integer works, and any other value fails the step before the
/// shell starts, naming the template, the position and the value: bash evaluates array subscripts inside arithmetic,
/// and a subscript runs command substitutions, so <c>a[$(cmd)]</c> would run <c>cmd</c>. Every position, through the
/// real rewriter and a real sh (dash) and bash, with payloads that would run a command if the rule failed.
/// </summary>
[TestClass]
public sealed class ArithmeticInjectionTests
{
    private static readonly string Marker = Path.Combine(Path.GetTempPath(), "llmc-pwned-" + Guid.NewGuid().ToString("N"));

    /// <summary>Payloads that run a command if a shell evaluates them as arithmetic (bash), or that are no integer.</summary>
    public static IReadOnlyList<string> Payloads { get; } =
    [
        $"a[$(touch {Marker})]",
        $"a[$(touch {Marker})]+1",
        $"1+a[$(touch {Marker})]",
        $"x[`touch {Marker}`]",
        $"$(touch {Marker})",
        $"`touch {Marker}`",
        $"a[$(touch {Marker})]=1",
        $"5; touch {Marker}",
        $"5\ntouch {Marker}",
        $"PATH[$(touch {Marker})]",
        "i",
        "0x10",
        "5.0",
        "1e3",
        "5 5",
        "",
        "99999999999999999999",
        "--5",
    ];

    /// <summary>Integers, as a step's output may hold them: each must work as 5 does.</summary>
    public static IReadOnlyList<string> Integers { get; } = ["5", "05", "+5", "0005", " 5 "];

    /// <summary>Each arithmetic position, what it prints for 5, and whether POSIX sh (dash) has it.</summary>
    public static IEnumerable<object[]> Positions() =>
    [
        ["echo $(( {{p}} % 97 ))", "5", true],
        ["echo \"$(( {{p}} + 1 ))\"", "6", true],
        ["echo $(( 10-{{p}} ))", "5", true],
        ["echo $(( ${unset_var:-{{p}}} * 2 ))", "10", true],
        ["echo $(( $(echo \"{{p}}\") + 1 ))", "6", true],
        ["echo $(( `printf %s {{p}}` * 2 ))", "10", true],
        ["a=(a b c d e f g); echo ${a[$(echo {{p}})]}", "f", false],
        ["echo $[ {{p}} + 1 ]", "6", false],
        ["(( {{p}} > 3 )) && echo big", "big", false],
        ["for (( i = 0; i < {{p}}; i++ )); do printf x; done", "xxxxx", false],
        ["let n={{p}}+1; echo $n", "6", false],
        ["let \"n = {{p}} * 2\"; echo $n", "10", false],
        ["[[ {{p}} -eq 5 ]] && echo eq", "eq", false],
        ["[[ 4 -lt \"{{p}}\" ]] && echo lt", "lt", false],
        ["a=(a b c d e f g); echo ${a[{{p}}]}", "f", false],
        ["a=(a b c d e f g); echo \"${a[{{p}}]}\"", "f", false],
        ["a[{{p}}]=x; echo ${!a[@]}", "5", false],
        ["a=([{{p}}]=x); echo ${!a[@]}", "5", false],
        ["s=abcdefgh; echo ${s:{{p}}}", "fgh", false],
        ["s=abcdefgh; echo \"${s:1:{{p}}}\"", "bcdef", false],
        ["set -- a b c d e f g; echo ${@:{{p}}:1}", "e", false],
        ["declare -i n={{p}}; echo $n", "5", false],
        ["declare -i n; n={{p}}; echo $n", "5", false],
        ["f() { local -i n=\"{{p}}\"; echo $n; }; f", "5", false],
        ["a=(1 2 3 4 5 6 7); unset 'a[{{p}}]'; echo ${#a[@]}", "6", false],
        ["read -r 'a[{{p}}]' <<< v; echo ${a[5]}", "v", false],
        ["declare a[{{p}}]=v; echo ${a[5]}", "v", false],
    ];

    [TestMethod]
    [DynamicData(nameof(Positions))]
    public async Task AnIntegerWorksAndAnyOtherValueFailsBeforeTheShellStarts(string template, string expected, bool posix)
    {
        foreach (var shell in posix ? new[] { "sh", "bash" } : ["bash"])
        {
            var command = Rewrite(template, shell);
            Assert.AreEqual(1, command.IntegerValues.Count, $"{template}: the value is not checked");
            foreach (var integer in Integers)
            {
                var step = await ShellRuns.RunAsync(command, shell, integer);
                Assert.AreEqual(StepStatus.Succeeded, step.Status, $"{shell}: {template} with '{integer}': {step.Error}");
                Assert.AreEqual(expected, step.Output, $"{shell}: {template} with '{integer}'");
            }

            foreach (var payload in Payloads)
            {
                var step = await ShellRuns.RunAsync(command, shell, payload);
                Assert.AreEqual(StepStatus.Failed, step.Status, $"{shell}: {template} with '{payload}' ran: {step.Output}");
                StringAssert.Contains(step.Error, "'{{p}}' stands in ", $"{shell}: {template} with '{payload}'");
                StringAssert.Contains(step.Error, "only an integer may stand there", $"{shell}: {template} with '{payload}'");
                Assert.IsNull(step.ExitCode, $"{shell}: {template} with '{payload}': the shell started");
                Assert.IsFalse(File.Exists(Marker), $"{shell}: payload '{payload}' ran a command through {template}");
            }
        }
    }

    /// <summary>
    /// The same commands in POSIX positions that sh lacks still never run a payload under sh: dash reads none of them
    /// as arithmetic, and the runtime refuses the payload before dash starts anyway.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Positions))]
    public async Task NoPayloadRunsUnderShEither(string template, string expected, bool posix)
    {
        _ = expected;
        if (posix)
        {
            return; // covered with sh above
        }

        var command = Rewrite(template, "sh");
        foreach (var payload in Payloads)
        {
            await ShellRuns.RunAsync(command, "sh", payload);
            Assert.IsFalse(File.Exists(Marker), $"sh: payload '{payload}' ran a command through {template}");
        }
    }

    [TestMethod]
    public async Task ARefusedValueIsQuotedOnOneLineAndCutToAReadableLength()
    {
        var command = Rewrite("echo $(( {{p}} + 1 ))", "bash");
        var step = await ShellRuns.RunAsync(command, "bash", "a[$(echo PWNED > pwned)]\n" + new string('x', 200));
        Assert.AreEqual(
            "'{{p}}' stands in an arithmetic expansion $(( )), where the shell evaluates text as arithmetic, so only an integer may stand there; its value is 'a[$(echo PWNED > pwned)]\\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (225 characters)",
            step.Error);
    }

    [TestMethod]
    public void AValueKnownToBeAnIntegerIsNotCheckedAtRunTime()
    {
        var yaml = """
            name: typed
            steps:
              - name: count
                type: shell
                command: printf '%s' '{"n"':' 3}'
                schema: { type: object, properties: { n: { type: integer } }, required: [n] }
                output: c
              - name: use
                type: shell
                shell: bash
                command: echo $(( {{c.n}} + 1 )) ${a[{{c.n}}]}
                output: r
              - name: each
                type: shell
                shell: bash
                foreach: [a, b]
                command: echo $(( {{index}} * 2 ))
                output: e
            """;
        var result = CompilerHarness.Compile(("typed.yaml", yaml));
        Assert.IsFalse(result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", result.Diagnostics));
        var generated = string.Concat(result.Files);
        Assert.IsFalse(generated.Contains("IntegerValues", StringComparison.Ordinal), generated);
        StringAssert.Contains(generated, "echo $(( ${LLMC_c_n} + 1 ))");
    }

    [TestMethod]
    public void AValueOfAnyOtherTypeIsChecked()
    {
        var yaml = """
            name: untyped
            steps:
              - name: count
                type: shell
                command: printf '%s' '{"n"':' 3.5}'
                schema: { type: object, properties: { n: { type: number } }, required: [n] }
                output: c
              - name: use
                type: shell
                command: echo $(( {{c.n}} + 1 ))
            """;
        var generated = string.Concat(CompilerHarness.Compile(("untyped.yaml", yaml)).Files);
        StringAssert.Contains(generated, "IntegerValues = new global::LlmCompiler.Runtime.ShellIntegerValue[] { new(\"LLMC_c_n\", \"{{c.n}}\", \"an arithmetic expansion $(( ))\") }");
    }

    private static ShellCommand Rewrite(string template, string shell)
    {
        var diagnostics = new DiagnosticBag();
        var parsed = CompilerHarness.ParseTemplate(template, diagnostics);
        ShellTemplateChecker.Check(parsed, shell, diagnostics);
        Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return ShellCommandRewriter.Rewrite(parsed, shell);
    }
}
