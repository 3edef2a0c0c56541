using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Touchpoints.Cli.Synthetic;

namespace Touchpoints.Cli.Commands;

/// <summary>
/// <c>generate --seed 42 --customers 3000 --days 30 --end 2026-03-31 (--out file.jsonl | --send URL --write-key KEY)</c>:
/// a deterministic month of synthetic journeys, written as JSON lines or posted as Segment batches.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed gives the same messages.", DefaultValueFactory = static _ => 42 };
        var customers = new Option<int>("--customers") { Description = "How many people.", DefaultValueFactory = static _ => 3000 };
        var days = new Option<int>("--days") { Description = "How many days the journeys start over.", DefaultValueFactory = static _ => 30 };
        var end = CliOptions.Date("--end", "The last day (UTC); no message is later than its end");
        var output = new Option<FileInfo?>("--out") { Description = "Write JSON lines to this file." };
        var send = new Option<string?>("--send") { Description = "Post Segment batches to this base URL (its /api/v1/batch)." };
        var writeKey = new Option<string?>("--write-key") { Description = "The write key to send with (Basic auth user name)." };
        var inFlight = new Option<int>("--in-flight") { Description = "Batches in flight at once when sending.", DefaultValueFactory = static _ => 4 };
        var command = new Command("generate", "Generate a realistic, deterministic month of customer journeys as Segment messages.")
        {
            seed, customers, days, end, output, send, writeKey, inFlight,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(output) is null) == (result.GetValue(send) is null))
            {
                result.AddError("Give exactly one of --out and --send.");
            }

            if (result.GetValue(send) is not null && string.IsNullOrEmpty(result.GetValue(writeKey)))
            {
                result.AddError("--send needs --write-key.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(customers) is < 1 or > 1_000_000 || parse.GetValue(days) is < 1 or > 366)
            {
                AnsiConsole.MarkupLine("[red]--customers must be 1 to 1000000 and --days 1 to 366.[/]");
                return 2;
            }

            var generator = new JourneyGenerator(parse.GetValue(seed), parse.GetValue(customers), parse.GetValue(days), parse.GetValue(end));
            var messages = generator.Generate();
            AnsiConsole.MarkupLine(
                $"Generated {FunnelTable.Count(messages.Count)} messages for {FunnelTable.Count(parse.GetValue(customers))} people, " +
                $"{generator.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {parse.GetValue(end).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
            if (parse.GetValue(output) is { } file)
            {
                await using var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(false));
                foreach (var message in messages)
                {
                    await writer.WriteAsync(message.Json.AsMemory(), cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                AnsiConsole.MarkupLine($"Wrote {Markup.Escape(file.FullName)}");
                return 0;
            }

            if (!Uri.TryCreate(parse.GetValue(send)!.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                AnsiConsole.MarkupLine("[red]--send must be an http or https URL.[/]");
                return 2;
            }

            using var sender = new SegmentBatchSender(baseUrl, parse.GetValue(writeKey)!, Math.Clamp(parse.GetValue(inFlight), 1, 32));
            var summary = await sender.SendAsync(messages, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"Sent {FunnelTable.Count(summary.Messages)} messages in {FunnelTable.Count(summary.Batches)} batches in {summary.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s " +
                $"({(summary.Messages / Math.Max(0.001, summary.Elapsed.TotalSeconds)).ToString("N0", CultureInfo.InvariantCulture)} messages/s).");
            return 0;
        });
        return command;
    }
}
