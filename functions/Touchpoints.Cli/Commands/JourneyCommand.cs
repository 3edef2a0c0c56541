using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Touchpoints.Journeys;
using Touchpoints.Storage;

namespace Touchpoints.Cli.Commands;

/// <summary><c>journey &lt;customerId&gt;</c>: a customer's journeys, one table per funnel.</summary>
internal static class JourneyCommand
{
    public static Command Create()
    {
        var customer = new Argument<string>("customerId") { Description = "A user id, or an anonymous id (linked ones resolve to their user)." };
        var command = new Command("journey", "Show a customer's journeys.") { customer };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliServices.Build();
            var store = services.GetRequiredService<ICustomerJourneyStore>();
            var catalog = services.GetRequiredService<FunnelCatalog>();
            var id = parse.GetValue(customer)!;
            var found = await store.GetAsync(id, 10, null, cancellationToken).ConfigureAwait(false);
            if (found is null || found.Journeys.Count == 0)
            {
                AnsiConsole.MarkupLine($"[yellow]Nothing is stored for '{Markup.Escape(id)}'.[/]");
                return 1;
            }

            if (!string.Equals(found.ResolvedCustomerId, id, StringComparison.Ordinal))
            {
                AnsiConsole.MarkupLine($"'{Markup.Escape(id)}' is linked to [bold]{Markup.Escape(found.ResolvedCustomerId)}[/].");
            }

            foreach (var journey in found.Journeys)
            {
                var stageNames = catalog.Find(journey.FunnelId)?.Stages;
                var furthest = journey.FurthestStage;
                var table = new Table().Border(TableBorder.Rounded)
                    .Title($"[bold]{Markup.Escape(journey.FunnelId)}[/]: {Markup.Escape(Name(stageNames, furthest))}")
                    .AddColumn("Stage").AddColumn(new TableColumn("Touchpoints").RightAligned()).AddColumn("First (UTC)").AddColumn("Last (UTC)").AddColumn("First channel");
                var stages = journey.Stages;
                for (var s = 0; s < stages.Count; s++)
                {
                    var tally = stages[s];
                    table.AddRow(
                        Markup.Escape(Name(stageNames, s)),
                        tally.Count.ToString(CultureInfo.InvariantCulture),
                        tally.First is { } first ? Time(first.At) : "–",
                        tally.Count > 0 ? Time(DateTimeOffset.FromUnixTimeMilliseconds(tally.LastMs)) : "–",
                        tally.First?.ChannelName ?? "–");
                }

                table.Caption(
                    $"{journey.TouchCount} touchpoints; first seen {(journey.First is { } f ? Time(f.At) + " via " + f.ChannelName : "–")}, " +
                    $"last seen {(journey.Last is { } l ? Time(l.At) + " via " + l.ChannelName : "–")}; converted via {journey.Conversion?.ChannelName ?? "–"}; " +
                    $"segment {journey.Segment ?? "–"}; NPS {journey.LatestNps?.ToString(CultureInfo.InvariantCulture) ?? "–"}, CSAT {journey.LatestCsat?.ToString(CultureInfo.InvariantCulture) ?? "–"}");
                AnsiConsole.Write(table);
            }

            return 0;
        });
        return command;
    }

    private static string Name(IReadOnlyList<string>? names, int stage) =>
        stage < 0 ? "(no stage)" : names is not null && stage < names.Count ? names[stage] : stage.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
