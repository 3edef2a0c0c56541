using System.Globalization;
using Spectre.Console;
using Touchpoints.Snapshots;

namespace Touchpoints.Cli;

/// <summary>A snapshot's per-stage drop-off reasons and satisfaction as a console table.</summary>
internal static class StageInsightsTable
{
    public static void Write(FunnelSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("Why customers stall, and how they feel, per stage")
            .AddColumn(new TableColumn("Stage").NoWrap()).AddColumn(new TableColumn("Implied").RightAligned()).AddColumn(new TableColumn("Skipped").RightAligned())
            .AddColumn(new TableColumn("Stalled / moved on").RightAligned()).AddColumn(new TableColumn("Commonest last touchpoints of the stalled (count, lift)"))
            .AddColumn(new TableColumn("NPS").RightAligned()).AddColumn(new TableColumn("CSAT").RightAligned());
        foreach (var stage in snapshot.Stages)
        {
            var dropOff = stage.DropOffReasons;
            var reasons = dropOff.Reasons.Count == 0
                ? "–"
                : string.Join("\n", dropOff.Reasons.Take(3).Select(static r =>
                    $"{Markup.Escape(r.Event)} ({Markup.Escape(r.Channel)}): {FunnelTable.Count(r.Stalled)}, lift {(r.Lift is { } lift ? lift.ToString("0.00", CultureInfo.InvariantCulture) : "∞")}"));
            var nps = stage.Satisfaction?.Nps;
            var csat = stage.Satisfaction?.Csat;
            table.AddRow(
                Markup.Escape(stage.Name) + (stage.Optional ? " (optional)" : string.Empty),
                FunnelTable.Count(stage.Implied),
                FunnelTable.Count(stage.Skipped),
                $"{FunnelTable.Count(dropOff.Stalled)} / {FunnelTable.Count(dropOff.MovedOn)}",
                reasons,
                nps?.Score is { } npsScore ? $"{npsScore.ToString("0.#", CultureInfo.InvariantCulture)} ({FunnelTable.Count(nps.Responses)})" : "–",
                csat?.Score is { } csatScore ? $"{csatScore.ToString("0", CultureInfo.InvariantCulture)}% ({FunnelTable.Count(csat.Responses)})" : "–");
        }

        table.Caption("Lift = share among the stalled ÷ share among those who moved on (∞: none who moved on had it). CSAT = share of 4-5 answers.");
        AnsiConsole.Write(table);
    }
}
