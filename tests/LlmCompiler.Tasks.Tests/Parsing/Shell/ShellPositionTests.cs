using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing.Shell;

namespace LlmCompiler.Tasks.Tests.Parsing.Shell;

/// <summary>
/// The lexer knows every position where sh or bash evaluate a value as arithmetic, read it as a variable name, or run
/// it as code, and leaves data alone. Each row is one position from the shells' manuals (or a near miss that is data).
/// </summary>
[TestClass]
public sealed class ShellPositionTests
{
    [TestMethod]
    // Arithmetic: the frames.
    [DataRow("echo $(( {{x}} % 97 ))", "Arithmetic", "$(( ))")]
    [DataRow("echo \"$(( {{x}} + 1 ))\"", "Arithmetic", "$(( ))")]
    [DataRow("echo $((1+({{x}})))", "Arithmetic", "$(( ))")]
    [DataRow("echo $[ {{x}} + 1 ]", "Arithmetic", "$[ ]")]
    [DataRow("(( {{x}} > 3 )) && echo big", "Arithmetic", "(( ))")]
    [DataRow("if (( n < {{x}} )); then echo y; fi", "Arithmetic", "(( ))")]
    [DataRow("for (( i = 0; i < {{x}}; i++ )); do echo $i; done", "Arithmetic", "(( ))")]
    [DataRow("echo ${a[{{x}}]}", "Arithmetic", "subscript")]
    [DataRow("echo \"${a[{{x}}]}\"", "Arithmetic", "subscript")]
    [DataRow("echo ${#a[{{x}}]}", "Arithmetic", "subscript")]
    [DataRow("echo ${s:{{x}}}", "Arithmetic", "substring")]
    [DataRow("echo ${s:1:{{x}}}", "Arithmetic", "substring")]
    [DataRow("echo \"${s: -{{x}}}\"", "Arithmetic", "substring")]
    [DataRow("echo ${@:{{x}}}", "Arithmetic", "substring")]
    [DataRow("echo $(( ${y:-{{x}}} + 1 ))", "Arithmetic", "$(( ))")]
    [DataRow("echo \"$(case a in a) (( {{x}} ));; esac)\"", "Arithmetic", "(( ))")]
    [DataRow("echo \"$(case a in (a) echo;; esac; (( {{x}} )))\"", "Arithmetic", "(( ))")]
    // Arithmetic: a command substitution's output read as arithmetic, whatever the value was inside it (a bug: data there).
    [DataRow("echo $(( $(echo \"{{x}}\") + 1 ))", "Arithmetic", "the output of a command substitution in an arithmetic expansion $(( ))")]
    [DataRow("x=$(( echo $(echo \"{{x}}\") ))", "Arithmetic", "command substitution in an arithmetic expansion")]
    [DataRow("echo $(( `printf %s {{x}}` ))", "Arithmetic", "command substitution")]
    [DataRow("echo ${a[$(echo {{x}})]}", "Arithmetic", "command substitution in an array subscript")]
    [DataRow("echo $(( $(echo $(echo {{x}})) ))", "Arithmetic", "command substitution")]
    [DataRow("let n=$(echo {{x}})", "Arithmetic", "'let'")]
    [DataRow("[[ $(echo {{x}}) -eq 5 ]]", "Arithmetic", "'-eq' in [[ ]]")]
    // Arithmetic: by command.
    [DataRow("let n={{x}}+1", "Arithmetic", "'let'")]
    [DataRow("let \"n = {{x}}\"", "Arithmetic", "'let'")]
    [DataRow("[[ {{x}} -eq 5 ]]", "Arithmetic", "'-eq' in [[ ]]")]
    [DataRow("[[ 5 -lt \"{{x}}\" ]] && echo y", "Arithmetic", "'-lt' in [[ ]]")]
    [DataRow("if [[ -n x && {{x}} -ge 2 ]]; then :; fi", "Arithmetic", "'-ge' in [[ ]]")]
    [DataRow("a[{{x}}]=1", "Arithmetic", "subscript")]
    [DataRow("true || declare -A m; m[{{x}}]=1", "Arithmetic", "subscript")]
    [DataRow("declare -A m; echo \"${m[{{x}}]}\"", "Arithmetic", "subscript")]
    [DataRow("a[{{x}}]=1 env", "Arithmetic", "subscript")]
    [DataRow("a=([{{x}}]=one two)", "Arithmetic", "subscript")]
    [DataRow("declare -i n={{x}}", "Arithmetic", "integer variable")]
    [DataRow("local -ri n=\"{{x}}\"", "Arithmetic", "integer variable")]
    [DataRow("declare -i n; n={{x}}", "Arithmetic", "integer variable")]
    [DataRow("declare a[{{x}}]=1", "Arithmetic", "subscript")]
    [DataRow("unset 'a[{{x}}]'", "Arithmetic", "subscript")]
    [DataRow("read -r 'a[{{x}}]' <<< v", "Arithmetic", "subscript")]
    // Names.
    [DataRow("read -r {{x}} <<< v", "Name", "'read'")]
    [DataRow("read -a {{x}} <<< v", "Name", "'read'")]
    [DataRow("printf -v {{x}} %s v", "Name", "'printf -v'")]
    [DataRow("printf -v{{x}} %s v", "Name", "'printf -v'")]
    [DataRow("declare {{x}}=1", "Name", "'declare'")]
    [DataRow("local {{x}}", "Name", "'local'")]
    [DataRow("export \"{{x}}=1\"", "Name", "'export'")]
    [DataRow("unset {{x}}", "Name", "'unset'")]
    [DataRow("mapfile -t {{x}} < f", "Name", "'mapfile'")]
    [DataRow("wait -p {{x}}", "Name", "'wait -p'")]
    [DataRow("getopts ab {{x}}", "Name", "'getopts'")]
    [DataRow("test -v {{x}}", "Name", "'test -v'")]
    [DataRow("[ -v {{x}} ]", "Name", "'[ -v'")]
    [DataRow("[[ -v {{x}} ]]", "Name", "'[[ -v ]]'")]
    [DataRow("declare -n ref={{x}}", "Name", "nameref")]
    // Code.
    [DataRow("eval {{x}}", "Code", "'eval'")]
    [DataRow("eval \"echo {{x}}\"", "Code", "'eval'")]
    [DataRow("eval \"$(echo {{x}})\"", "Code", "command substitution in an argument")]
    [DataRow("command eval {{x}}", "Code", "'eval'")]
    [DataRow("sh -c {{x}}", "Code", "'sh'")]
    [DataRow("bash -ec \"{{x}}\"", "Code", "'bash'")]
    [DataRow("env FOO=1 bash -c 'echo {{x}}'", "Code", "'bash'")]
    [DataRow("find . -exec sh -c {{x}} \\;", "Code", "'sh'")]
    [DataRow("pwsh -NoProfile -Command {{x}}", "Code", "'pwsh'")]
    [DataRow("pwsh -c \"Write-Output {{x}}\"", "Code", "'pwsh'")]
    [DataRow("python3 -c {{x}}", "Code", "'python3'")]
    [DataRow("perl -ne {{x}} file", "Code", "'perl'")]
    [DataRow("node -e {{x}}", "Code", "'node'")]
    [DataRow("awk {{x}} file", "Code", "'awk'")]
    [DataRow("sed -e {{x}} file", "Code", "'sed'")]
    [DataRow("ssh host ls {{x}}", "Code", "'ssh'")]
    [DataRow("source {{x}}", "Code", "'source'")]
    [DataRow(". {{x}}", "Code", "'.'")]
    [DataRow("trap {{x}} EXIT", "Code", "'trap'")]
    [DataRow("trap -- {{x}} EXIT", "Code", "'trap'")]
    [DataRow("compgen -W {{x}} a", "Code", "'compgen'")]
    [DataRow("mapfile -C {{x}} a < f", "Code", "'mapfile -C'")]
    [DataRow("PS4={{x}}; set -x; true", "Code", "PS4")]
    [DataRow("printf '%s' {{x}} | sh", "Code", "pipeline into 'sh'")]
    [DataRow("echo {{x}} | tr a b | bash -s", "Code", "pipeline into 'bash'")]
    [DataRow("bash <<EOF\n{{x}}\nEOF", "Code", "here-document read by 'bash'")]
    [DataRow("sh <<< {{x}}", "Code", "standard input of 'sh'")]
    [DataRow("python3 < {{x}}", "Code", "standard input of 'python3'")]
    // Data: near misses.
    [DataRow("echo {{x}}", "Data", "")]
    [DataRow("echo \"$(( 1 + 2 )) {{x}}\"", "Data", "")]
    [DataRow("echo $(printf %s {{x}})", "Data", "")]
    [DataRow("[ {{x}} -eq 5 ]", "Data", "")]
    [DataRow("test {{x}} -eq 5", "Data", "")]
    [DataRow("[[ {{x}} == yes ]]", "Data", "")]
    [DataRow("[[ -n {{x}} && 1 -eq 1 ]]", "Data", "")]
    [DataRow("printf '%d' {{x}}", "Data", "")]
    [DataRow("printf -v out %s {{x}}", "Data", "")]
    [DataRow("read -r -p {{x}} answer < /dev/null", "Data", "")]
    [DataRow("declare n={{x}}", "Data", "")]
    [DataRow("local n=\"{{x}}\"", "Data", "")]
    [DataRow("x={{x}} env", "Data", "")]
    [DataRow("a=({{x}} two)", "Data", "")]
    [DataRow("echo ${x:-{{x}}}", "Data", "")]
    [DataRow("echo ${x#{{x}}}", "Data", "")]
    [DataRow("ls file[{{x}}]", "Data", "")]
    [DataRow("exit {{x}}", "Data", "")]
    [DataRow("shift {{x}}", "Data", "")]
    [DataRow("echo {{x}} | grep sh", "Data", "")]
    [DataRow("echo {{x}} > out.txt; sh out.sh", "Data", "")]
    [DataRow("sh script.sh {{x}}", "Data", "")]
    [DataRow("bash -c 'echo \"$1\"' _ {{x}}", "Data", "")]
    [DataRow("python3 script.py {{x}}", "Data", "")]
    [DataRow("awk -v v={{x}} '{ print v }' file", "Data", "")]
    [DataRow("cat <<EOF\n{{x}}\nEOF", "Data", "")]
    [DataRow("echo hi # eval {{x}}", "Data", "")]
    [DataRow("trap 'echo bye' EXIT; echo {{x}}", "Data", "")]
    public void ThePositionOfATemplateIsKnown(string command, string kind, string where)
    {
        foreach (var shell in new[] { "sh", "bash" })
        {
            var position = Position(command, shell);
            Assert.AreEqual(kind, position.Kind.ToString(), $"{shell}: {command} → {position}");
            StringAssert.Contains(position.Where, where, $"{shell}: {command}");
        }
    }

    [TestMethod]
    [DataRow("Invoke-Expression {{x}}", "Code", "Invoke-Expression")]
    [DataRow("iex \"Write-Output {{x}}\"", "Code", "iex")]
    [DataRow("\"{{x}}\" | iex", "Code", "iex")]
    [DataRow("[ScriptBlock]::Create({{x}}).Invoke()", "Code", "[scriptblock]::create")]
    [DataRow("$ExecutionContext.InvokeCommand.ExpandString({{x}})", "Code", ".expandstring(")]
    [DataRow("Add-Type -TypeDefinition {{x}}", "Code", "Add-Type")]
    [DataRow(". {{x}}", "Code", "dot-sourcing")]
    [DataRow("pwsh -NoProfile -Command {{x}}", "Code", "'pwsh'")]
    [DataRow("bash -c {{x}}", "Code", "'bash'")]
    [DataRow("Write-Output {{x}}", "Data", "")]
    [DataRow("Write-Output \"{{x}}\"; iex 'Get-Date'", "Data", "")]
    [DataRow("$n = [int]{{x}} + 1; Write-Output $n", "Data", "")]
    public void ThePositionOfAPowerShellTemplateIsKnown(string command, string kind, string where)
    {
        var position = Position(command, "pwsh");
        Assert.AreEqual(kind, position.Kind.ToString(), $"{command} → {position}");
        StringAssert.Contains(position.Where, where, command);
    }

    [TestMethod]
    public void EveryTemplateOfACommandGetsItsOwnPosition()
    {
        var diagnostics = new DiagnosticBag();
        var marks = ShellTemplateScanner.Scan(CompilerHarness.ParseTemplate("echo {{a}} $(( {{b}} )); read {{c}}; eval {{d}}", diagnostics), "bash")
            .Where(p => p.Mark is not null).Select(p => p.Mark!.Position.Kind).ToList();
        CollectionAssert.AreEqual(new[] { ShellPositionKind.Data, ShellPositionKind.Arithmetic, ShellPositionKind.Name, ShellPositionKind.Code }, marks);
    }

    private static ShellPosition Position(string command, string shell)
    {
        var diagnostics = new DiagnosticBag();
        var template = CompilerHarness.ParseTemplate(command, diagnostics);
        Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return ShellTemplateScanner.Scan(template, shell).Single(p => p.Mark is not null).Mark!.Position;
    }
}
