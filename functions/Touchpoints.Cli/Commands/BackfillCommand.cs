using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Touchpoints.Snapshots;

namespace Touchpoints.Cli.Commands;

/// <summary><c>backfill --funnel default --from 2026-03-01 --to 2026-03-31</c>: computes and writes a range of days.</summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var funnel = CliOptions.Funnel();
        var from = CliOptions.Date("--from", "The first day");
        var to = CliOptions.Date("--to", "The last day, inclusive");
        var command = new Command("backfill", $"Compute and write every day of a range (at most {FunnelSnapshotJob.MaxRangeDays} days).") { funnel, from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (funnelId, first, last) = (parse.GetValue(funnel)!, parse.GetValue(from), parse.GetValue(to));
            var days = last.DayNumber - first.DayNumber + 1;
            if (days < 1 || days > FunnelSnapshotJob.MaxRangeDays)
            {
                AnsiConsole.MarkupLine($"[red]--to must be on or after --from and the range at most {FunnelSnapshotJob.MaxRangeDays} days.[/]");
                return 2;
            }

            await using var services = CliServices.Build();
            var job = services.GetRequiredService<FunnelSnapshotJob>();
            if (job.Catalog.Find(funnelId) is null)
            {
                AnsiConsole.MarkupLine($"[red]No funnel '{Markup.Escape(funnelId)}'.[/]");
                return 2;
            }

            IReadOnlyList<SnapshotResult> results = [];
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"{funnelId} {first:yyyy-MM-dd}..{last:yyyy-MM-dd}", maxValue: days);
                    results = await job.RunRangeAsync(funnelId, first, last, new Progress(task), cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);

            if (results.Count > 0)
            {
                FunnelTable.Write(results[^1].Snapshot);
                StageInsightsTable.Write(results[^1].Snapshot);
            }

            AnsiConsole.MarkupLine($"Wrote {results.Count} days of funnel [bold]{Markup.Escape(funnelId)}[/].");
            return 0;
        });
        return command;
    }

    // Reports synchronously: System.Progress<T> would post to the thread pool and could finish after the bar.
    private sealed class Progress(ProgressTask task) : IProgress<SnapshotResult>
    {
        public void Report(SnapshotResult value) => task.Increment(1);
    }
}
