using System.Globalization;
using Spectre.Console;
using Touchpoints.Snapshots;

namespace Touchpoints.Cli;

/// <summary>A snapshot as a console table.</summary>
internal static class FunnelTable
{
    public static void Write(FunnelSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(snapshot.FunnelName)}[/] on {snapshot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({Markup.Escape(snapshot.TimeZone)})")
            .AddColumn(new TableColumn("Stage").NoWrap()).AddColumn(new TableColumn("Reached").RightAligned()).AddColumn(new TableColumn("Current").RightAligned())
            .AddColumn(new TableColumn("Entered").RightAligned()).AddColumn(new TableColumn("Conv.").RightAligned())
            .AddColumn(new TableColumn("Median").RightAligned()).AddColumn(new TableColumn("p90").RightAligned()).AddColumn(new TableColumn("Stalled").RightAligned());
        foreach (var stage in snapshot.Stages)
        {
            table.AddRow(
                Markup.Escape(stage.Name),
                Count(stage.Reached),
                Count(stage.Current),
                Count(stage.Entered),
                stage.Conversion is { } c ? (c * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–",
                Duration(stage.TimeToReach?.MedianSeconds),
                Duration(stage.TimeToReach?.P90Seconds),
                Count(stage.Stalled));
        }

        table.Caption(
            $"{Count(snapshot.Customers)} customers ({Count(snapshot.AnonymousCustomers)} anonymous), {Count(snapshot.ActiveCustomers)} active that day; " +
            $"NPS {(snapshot.Nps.Score is { } nps ? nps.ToString("0.#", CultureInfo.InvariantCulture) : "–")} from {Count(snapshot.Nps.Responses)} answers; " +
            $"CSAT {(snapshot.Csat.Average is { } csat ? csat.ToString("0.00", CultureInfo.InvariantCulture) : "–")}");
        AnsiConsole.Write(table);
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Duration(double? seconds) => seconds switch
    {
        null => "–",
        < 60 => seconds.Value.ToString("0", CultureInfo.InvariantCulture) + " s",
        < 3600 => (seconds.Value / 60).ToString("0", CultureInfo.InvariantCulture) + " min",
        < 172_800 => (seconds.Value / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        _ => (seconds.Value / 86_400).ToString("0.#", CultureInfo.InvariantCulture) + " d",
    };
}
