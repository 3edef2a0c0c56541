using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Touchpoints.Ingest;

namespace Touchpoints.Cli.Commands;

/// <summary>
/// <c>replay &lt;file.jsonl&gt;</c>: one Segment message per line, validated like the HTTP API, applied in batches of 500;
/// invalid lines are dead-lettered with their reason, so nothing in the file is dropped silently.
/// </summary>
internal static class ReplayCommand
{
    public const int BatchSize = 500;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON-lines file of Segment messages." };
        var command = new Command("replay", "Ingest a JSON-lines file of Segment messages; invalid lines go to the dead-letter container.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                AnsiConsole.MarkupLine($"[red]No file {Markup.Escape(path.FullName)}.[/]");
                return 2;
            }

            await using var services = CliServices.Build();
            var ingestor = services.GetRequiredService<ITouchpointIngestor>();
            var deadLetters = services.GetRequiredService<IDeadLetterSink>();
            var time = services.GetRequiredService<TimeProvider>();
            long lines = 0, valid = 0, deadLettered = 0;
            var total = new IngestResult(0, 0);
            var batch = new List<Touchpoint>(BatchSize);

            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(path.Name, maxValue: path.Length);
                    using var reader = new StreamReader(path.FullName, Encoding.UTF8);
                    while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                    {
                        lines++;
                        task.Increment(Encoding.UTF8.GetByteCount(line) + 1);
                        if (string.IsNullOrWhiteSpace(line))
                        {
                            continue;
                        }

                        var bytes = Encoding.UTF8.GetBytes(line);
                        var receivedAt = time.GetUtcNow();
                        var payload = TouchpointReader.Read(bytes, null, receivedAt);
                        if (!payload.IsValid)
                        {
                            await deadLetters.WriteAsync(new DeadLetter
                            {
                                Source = "replay",
                                Reason = "invalid message",
                                Errors = payload.Errors,
                                Body = bytes,
                                ReceivedAt = receivedAt,
                                Metadata = new Dictionary<string, string> { ["file"] = path.Name, ["line"] = lines.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                            }, cancellationToken).ConfigureAwait(false);
                            deadLettered++;
                            continue;
                        }

                        valid += payload.Touchpoints.Count;
                        batch.AddRange(payload.Touchpoints);
                        if (batch.Count >= BatchSize)
                        {
                            total = total.Add(await ingestor.IngestAsync(batch, cancellationToken).ConfigureAwait(false));
                            batch.Clear();
                        }
                    }

                    if (batch.Count > 0)
                    {
                        total = total.Add(await ingestor.IngestAsync(batch, cancellationToken).ConfigureAwait(false));
                    }

                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);

            var summary = new Table().Border(TableBorder.Rounded).AddColumn("Lines").AddColumn("Valid").AddColumn("Applied").AddColumn("Duplicates").AddColumn("Dead-lettered");
            summary.AddRow(FunnelTable.Count(lines), FunnelTable.Count(valid), FunnelTable.Count(total.Applied), FunnelTable.Count(total.Duplicates), FunnelTable.Count(deadLettered));
            AnsiConsole.Write(summary);
            return deadLettered == 0 ? 0 : 3;
        });
        return command;
    }
}
