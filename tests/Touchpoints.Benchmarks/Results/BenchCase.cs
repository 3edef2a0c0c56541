namespace Touchpoints.Benchmarks.Results;

/// <summary>
/// One measured case next to what it is compared with. <see cref="Ratio"/> is oriented so that higher is better
/// (value ÷ baseline for rates, baseline ÷ value for costs), so every case reads the same way against its target.
/// </summary>
internal sealed record BenchCase(
    string Case,
    double Value,
    string Unit,
    string? Baseline,
    double? BaselineValue,
    double? Ratio,
    double? Target,
    string Notes)
{
    /// <summary>A rate (higher is better): the ratio is value ÷ baseline.</summary>
    public static BenchCase Rate(string name, double value, string unit, string baseline, double baselineValue, double? target, string notes) =>
        new(name, value, unit, baseline, baselineValue, baselineValue > 0 ? value / baselineValue : null, target, notes);

    /// <summary>A cost (lower is better): the ratio is baseline ÷ value.</summary>
    public static BenchCase Cost(string name, double value, string unit, string baseline, double baselineValue, double? target, string notes) =>
        new(name, value, unit, baseline, baselineValue, value > 0 ? baselineValue / value : null, target, notes);

    /// <summary>Whether the case has a target and misses it.</summary>
    public bool MissesTarget => Target is { } target && Ratio is { } ratio && ratio < target;
}
