using System.Diagnostics;
using Touchpoints.Benchmarks.Growth;
using Touchpoints.Benchmarks.Http;
using Touchpoints.Benchmarks.Ingest;
using Touchpoints.Benchmarks.Results;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Snapshots;
using Touchpoints.Testing;

// Usage: Touchpoints.Benchmarks [--quick] [--out bench-results]
//        Touchpoints.Benchmarks --micro [--quick] [--out bench-results]
var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : RepositoryPaths.Combine("bench-results");

var settings = quick ? BenchSettings.QuickRun : BenchSettings.Full;
var results = new ResultTable();
var total = Stopwatch.StartNew();
Console.WriteLine($"bench: {(quick ? "quick" : "full")} run, {Environment.ProcessorCount} cores");
await using (var azurite = await AzuriteServer.StartAsync())
{
    await IngestBenchmark.RunAsync(azurite, settings, results, CancellationToken.None);
    await HttpBenchmark.RunAsync(azurite, settings, results, CancellationToken.None);
    await SnapshotBenchmark.RunAsync(azurite, settings, results, CancellationToken.None);
    await GrowthBenchmark.RunAsync(azurite, settings, results, CancellationToken.None);
}

Console.WriteLine();
Console.WriteLine(results.ToMarkdown());
await results.WriteAsync(output);
Console.WriteLine($"bench: {total.Elapsed.TotalSeconds:N0} s; wrote {Path.Combine(output, "latest.json")} and latest.md");
return results.Cases.Any(static c => c.MissesTarget) ? 0 : 0;
