using System.CommandLine;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Cli.Commands;

/// <summary><c>snapshot --funnel default --date 2026-03-31</c>: computes and writes one day.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var funnel = CliOptions.Funnel();
        var date = CliOptions.Date("--date", "The day");
        var output = new Option<DirectoryInfo?>("--out") { Description = "Also download the day's files, as stored, into this folder." };
        var command = new Command("snapshot", "Compute and write one day's funnel snapshot, and print it.") { funnel, date, output };
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
            StageInsightsTable.Write(result.Snapshot);
            AnsiConsole.MarkupLine($"Read {FunnelTable.Count(result.RecordsScanned)} journey records; wrote {Markup.Escape(string.Join(", ", result.BlobNames))}");
            if (parse.GetValue(output) is { } folder)
            {
                // Read back from the container rather than re-rendered: what analysts get is what is stored.
                folder.Create();
                var container = services.GetRequiredService<BlobServiceClient>()
                    .GetBlobContainerClient(services.GetRequiredService<IOptions<TouchpointOptions>>().Value.SnapshotContainer);
                foreach (var name in result.BlobNames.Where(static n => !n.EndsWith("/latest.json", StringComparison.Ordinal)))
                {
                    var target = Path.Combine(folder.FullName, Path.GetFileName(name));
                    await container.GetBlobClient(name).DownloadToAsync(target, cancellationToken).ConfigureAwait(false);
                    AnsiConsole.MarkupLine($"Saved {Markup.Escape(target)}");
                }
            }

            return 0;
        });
        return command;
    }
}
