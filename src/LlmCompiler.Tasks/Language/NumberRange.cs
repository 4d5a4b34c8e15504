using System.Globalization;

namespace LlmCompiler.Tasks.Language;

/// <summary>The values a number field allows: a lower bound (inclusive or not) and an optional inclusive upper bound.</summary>
internal sealed record NumberRange(double Min, bool MinExclusive, double? Max = null)
{
    /// <summary>Gets the unit shown in messages, e.g. "seconds"; empty for a bare number.</summary>
    public string Unit { get; init; } = string.Empty;

    public bool Contains(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (Max is not { } max || value <= max);

    /// <summary>Describes the range for a message: "greater than 0", "between 0 and 2", "greater than 0 and at most 1".</summary>
    public string Describe()
    {
        var unit = Unit.Length > 0 ? " " + Unit : string.Empty;
        return Max switch
        {
            null => string.Create(CultureInfo.InvariantCulture, $"{(MinExclusive ? "greater than" : "at least")} {Min}{unit}"),
            { } max when !MinExclusive => string.Create(CultureInfo.InvariantCulture, $"between {Min} and {max}{unit}"),
            { } max => string.Create(CultureInfo.InvariantCulture, $"greater than {Min} and at most {max}{unit}"),
        };
    }
}
