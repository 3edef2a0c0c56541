using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Storage.Rebuild;

namespace Touchpoints.Cli.Commands;

/// <summary>
/// <c>rebuild --funnel default [--from 2026-03-01 --to 2026-03-10] [--restart]</c>: rebuilds the funnel's journeys from the
/// stored timelines under its definition as loaded now, then makes the snapshots of the range again.
/// </summary>
internal static class RebuildCommand
{
    public static Command Create()
    {
        var funnel = CliOptions.Funnel();
        var from = CliOptions.Date("--from", "The first day to snapshot again after the rebuild");
        var to = CliOptions.Date("--to", "The last day to snapshot again, inclusive");
        from.Required = false;
        to.Required = false;
        var restart = new Option<bool>("--restart") { Description = "Start from the first bucket even if a checkpoint for this definition exists." };
        var command = new Command("rebuild", "Rebuild a funnel's journeys from the stored timelines after its definition changed (resumable), then re-make the snapshots of a date range.")
        {
            funnel, from, to, restart,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var funnelId = parse.GetValue(funnel)!;
            var range = parse.GetResult(from) is null && parse.GetResult(to) is null ? ((DateOnly, DateOnly)?)null : (parse.GetValue(from), parse.GetValue(to));
            if (range is var (first, last) && (parse.GetResult(from) is null || parse.GetResult(to) is null
                || last.DayNumber < first.DayNumber || last.DayNumber - first.DayNumber + 1 > FunnelSnapshotJob.MaxRangeDays))
            {
                AnsiConsole.MarkupLine($"[red]Give both --from and --to, --to on or after --from, at most {FunnelSnapshotJob.MaxRangeDays} days.[/]");
                return 2;
            }

            await using var services = CliServices.Build();
            var catalog = services.GetRequiredService<FunnelCatalog>();
            if (catalog.Find(funnelId) is not { } definition)
            {
                AnsiConsole.MarkupLine($"[red]No funnel '{Markup.Escape(funnelId)}'.[/]");
                return 2;
            }

            var rebuilder = new JourneyRebuilder(
                services.GetRequiredService<JourneyTable>(), catalog, services.GetRequiredService<ILogger<JourneyRebuilder>>());
            AnsiConsole.MarkupLine($"Rebuilding funnel [bold]{Markup.Escape(funnelId)}[/] to definition [bold]{Markup.Escape(definition.Hash[..12])}[/].");
            RebuildProgress? done = null;
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("buckets", maxValue: 1);
                    done = await rebuilder.RebuildAsync(funnelId, parse.GetValue(restart), new Progress(task), cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);

            AnsiConsole.MarkupLine(
                $"Rebuilt {done!.BucketCount - done.ResumedAt} of {done.BucketCount} buckets (resumed at {done.ResumedAt}): {done.CustomersRebuilt} customers, "
                + $"{done.JourneysRemoved} journeys removed, {done.RowsRead} rows read, {done.Conflicts} redone after concurrent writes.");
            if (range is not var (day1, dayN))
            {
                return 0;
            }

            var job = services.GetRequiredService<FunnelSnapshotJob>();
            IReadOnlyList<SnapshotResult> results = [];
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"{funnelId} {day1:yyyy-MM-dd}..{dayN:yyyy-MM-dd}", maxValue: dayN.DayNumber - day1.DayNumber + 1);
                    results = await job.RunRangeAsync(funnelId, day1, dayN, new DayProgress(task), cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"Wrote {results.Count} days of funnel [bold]{Markup.Escape(funnelId)}[/] with definition {Markup.Escape(definition.Hash[..12])}.");
            return 0;
        });
        return command;
    }

    // Reports synchronously: System.Progress<T> would post to the thread pool and could finish after the bar.
    private sealed class Progress(ProgressTask task) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value)
        {
            task.MaxValue = value.BucketCount;
            task.Value = value.BucketsDone;
            task.Description = $"buckets {value.BucketsDone}/{value.BucketCount}, {value.CustomersRebuilt} customers, {value.RowsRead} rows";
        }
    }

    private sealed class DayProgress(ProgressTask task) : IProgress<SnapshotResult>
    {
        public void Report(SnapshotResult value) => task.Increment(1);
    }
}
