using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Touchpoints.Snapshots;

namespace Touchpoints.Cli.Commands;

/// <summary><c>snapshot --funnel default --date 2026-03-31</c>: computes and writes one day.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var funnel = CliOptions.Funnel();
        var date = CliOptions.Date("--date", "The day");
        var command = new Command("snapshot", "Compute and write one day's funnel snapshot, and print it.") { funnel, date };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliServices.Build();
            var job = services.GetRequiredService<FunnelSnapshotJob>();
            var funnelId = parse.GetValue(funnel)!;
            if (job.Catalog.Find(funnelId) is null)
            {
                AnsiConsole.MarkupLine($"[red]No funnel '{Markup.Escape(funnelId)}'.[/]");
                return 2;
            }

            var result = await job.RunAsync(funnelId, parse.GetValue(date), cancellationToken).ConfigureAwait(false);
            FunnelTable.Write(result.Snapshot);
            AnsiConsole.MarkupLine($"Read {FunnelTable.Count(result.RecordsScanned)} journey records; wrote {Markup.Escape(string.Join(", ", result.BlobNames))}");
            return 0;
        });
        return command;
    }
}
