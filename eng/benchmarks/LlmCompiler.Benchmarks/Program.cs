using LlmCompiler.Benchmarks;

// Usage: dotnet run -c Release --project eng/benchmarks/LlmCompiler.Benchmarks -- [shell] [--rounds N]
var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).DefaultIfEmpty(15).First();
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)) ?? "shell";
switch (which)
{
    case "shell":
        await ShellStepsBenchmark.RunAsync(rounds);
        break;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: shell");
        return 2;
}

return 0;
