using System.Globalization;

namespace Touchpoints.Benchmarks;

/// <summary>The benchmark's results, printed as one aligned table.</summary>
internal sealed class ResultTable
{
    private readonly List<(string Name, double Value, string Unit, string Notes)> _rows = [];

    public void Add(string name, double value, string unit, string notes)
    {
        _rows.Add((name, value, unit, notes));
        Console.WriteLine($"  done: {name}");
    }

    public void Print()
    {
        var nameWidth = Math.Max(9, _rows.Max(static r => r.Name.Length));
        var values = _rows.Select(static r => r.Value.ToString("N0", CultureInfo.InvariantCulture)).ToList();
        var valueWidth = Math.Max(5, values.Max(static v => v.Length));
        var unitWidth = Math.Max(4, _rows.Max(static r => r.Unit.Length));
        Console.WriteLine();
        Console.WriteLine($"| {"benchmark".PadRight(nameWidth)} | {"value".PadLeft(valueWidth)} | {"unit".PadRight(unitWidth)} | notes");
        Console.WriteLine($"|-{new string('-', nameWidth)}-|-{new string('-', valueWidth)}-|-{new string('-', unitWidth)}-|------");
        for (var i = 0; i < _rows.Count; i++)
        {
            Console.WriteLine($"| {_rows[i].Name.PadRight(nameWidth)} | {values[i].PadLeft(valueWidth)} | {_rows[i].Unit.PadRight(unitWidth)} | {_rows[i].Notes}");
        }
    }
}
