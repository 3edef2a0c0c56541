using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Touchpoints.Benchmarks.Results;

/// <summary>The run's cases, printed as one table and written as <c>latest.json</c> and <c>latest.md</c>.</summary>
internal sealed class ResultTable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly List<BenchCase> _cases = [];
    private readonly List<string> _sections = [];

    public IReadOnlyList<BenchCase> Cases => _cases;

    public void Add(BenchCase result)
    {
        _cases.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.Case}: {Format(result.Value)} {result.Unit} (ratio {Format(result.Ratio)})"));
    }

    /// <summary>A markdown section printed after the table (the capacity model, the run's settings).</summary>
    public void AddSection(string markdown) => _sections.Add(markdown);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| case | value | unit | baseline | baseline value | ratio | target | notes |");
        text.AppendLine("|---|---:|---|---|---:|---:|---:|---|");
        foreach (var c in _cases)
        {
            var mark = c.MissesTarget ? " **missed**" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Case} | {Format(c.Value)} | {c.Unit} | {c.Baseline ?? "-"} | {Format(c.BaselineValue)} | {Format(c.Ratio)}{mark} | {Format(c.Target)} | {c.Notes.Replace("|", "/", StringComparison.Ordinal)} |");
        }

        foreach (var section in _sections)
        {
            text.AppendLine().AppendLine(section);
        }

        return text.ToString();
    }

    public async Task WriteAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "latest.json"), JsonSerializer.Serialize(_cases, Json)).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "latest.md"), ToMarkdown()).ConfigureAwait(false);
    }

    private static string Format(double? value) => value switch
    {
        null => "-",
        { } v when double.IsNaN(v) => "-",
        { } v when Math.Abs(v) >= 100 => v.ToString("N0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 1 => v.ToString("N2", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
