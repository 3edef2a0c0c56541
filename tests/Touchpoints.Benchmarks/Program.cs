using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Touchpoints.Benchmarks;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Testing;

// Usage: Touchpoints.Benchmarks [touchpoints=100000] [customers=10000] [batch=500] [buckets=16]
var arguments = args.Select(static a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var touchpointCount = arguments.ElementAtOrDefault(0) is > 0 and var t ? t : 100_000;
var customerCount = arguments.ElementAtOrDefault(1) is > 0 and var c ? c : 10_000;
var batchSize = arguments.ElementAtOrDefault(2) is > 0 and var b ? b : 500;
var buckets = arguments.ElementAtOrDefault(3) is > 0 and var k ? k : 16;

var results = new ResultTable();
var workload = Workload.Create(touchpointCount, customerCount, seed: 7);
Console.WriteLine($"Workload: {touchpointCount:N0} touchpoints of {customerCount:N0} customers, batches of {batchSize}, {buckets} buckets, {Environment.ProcessorCount} cores");

// 1. The pure engine: applying touchpoints to records, no I/O.
var funnel = FunnelDefinitionLoader.Load(RepositoryPaths.Combine("funnels", "default.json"))[0];
{
    var records = new Dictionary<string, JourneyRecord>(StringComparer.Ordinal);
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    foreach (var touchpoint in workload.Touchpoints)
    {
        if (!records.TryGetValue(touchpoint.CustomerId, out var record))
        {
            records[touchpoint.CustomerId] = record = new JourneyRecord(funnel, touchpoint.CustomerId, touchpoint.IsAnonymous);
        }

        record.Apply(touchpoint, funnel);
    }

    watch.Stop();
    var sizes = records.Values.Select(static r => JourneyRecordCodec.Encode(r).Length).Order().ToArray();
    results.Add("engine: apply (in memory)", touchpointCount / watch.Elapsed.TotalSeconds, "touchpoints/s",
        $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / touchpointCount:N0} B allocated per touchpoint");
    results.Add("engine: record size", sizes[sizes.Length / 2], "bytes (median)", $"p99 {sizes[(int)(sizes.Length * 0.99)]:N0} B, max {sizes[^1]:N0} B");
}

await using var azurite = await AzuriteServer.StartAsync();
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["Touchpoints:TableName"] = "bench",
    ["Touchpoints:BucketCount"] = buckets.ToString(CultureInfo.InvariantCulture),
    ["Touchpoints:FunnelPath"] = RepositoryPaths.Combine("funnels", "default.json"),
}).Build();
var services = new ServiceCollection().AddLogging(static l => l.SetMinimumLevel(LogLevel.Warning)).AddTouchpointPipeline(configuration);
await using var provider = services.BuildServiceProvider();

// 2. The pipeline's batch writer, as the Event Hubs trigger drives it: whole batches, one after another.
var writer = provider.GetRequiredService<JourneyWriter>();
{
    var latencies = new List<double>();
    var before = writer.TransactionsSubmitted;
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    foreach (var batch in workload.Touchpoints.Chunk(batchSize))
    {
        var started = Stopwatch.GetTimestamp();
        await writer.WriteAsync(batch, CancellationToken.None);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    watch.Stop();
    var transactions = writer.TransactionsSubmitted - before;
    var entities = touchpointCount * 2.0 - workload.RepeatsWithinBatches(batchSize);
    results.Add("pipeline: batch writer", touchpointCount / watch.Elapsed.TotalSeconds, "touchpoints/s",
        $"{transactions:N0} transactions, {entities / transactions:N1} entities each; batch p50 {Percentile(latencies, 0.5):N0} ms, p99 {Percentile(latencies, 0.99):N0} ms; {(GC.GetTotalAllocatedBytes(true) - allocated) / touchpointCount:N0} B/touchpoint");
    results.Add("pipeline: entities written", entities / watch.Elapsed.TotalSeconds, "entities/s", "timeline adds + journey merges");
}

// 3. A raw baseline of the same write mix on the same Azurite: per partition, transactions of the same fill, each
//    customer's timeline Adds plus one If-Match Merge of a journey row of typical size, with none of the pipeline's logic.
{
    var raw = new TableServiceClient(azurite.ConnectionString).GetTableClient("raw");
    await raw.CreateIfNotExistsAsync();
    var payload = new byte[600];
    var etags = new Dictionary<string, ETag>(StringComparer.Ordinal);
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    long entities = 0;
    foreach (var batch in workload.Touchpoints.Chunk(batchSize))
    {
        foreach (var partition in batch.GroupBy(tp => TableKeys.Partition(tp.CustomerId, buckets)))
        {
            var actions = new List<TableTransactionAction>();
            foreach (var customer in partition.GroupBy(static tp => tp.CustomerId))
            {
                var unit = customer.Select(tp => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(partition.Key, $"t|{customer.Key}|{tp.MessageId}") { ["At"] = tp.Timestamp, ["Body"] = payload })).ToList();
                var row = $"j|{customer.Key}";
                unit.Add(etags.TryGetValue(row, out var etag)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(partition.Key, row) { ["Data"] = payload }, etag)
                    : new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition.Key, row) { ["Data"] = payload }));
                if (actions.Count + unit.Count > JourneyWriter.MaxTransactionActions)
                {
                    entities += await SubmitAsync(raw, actions, etags);
                    actions.Clear();
                }

                actions.AddRange(unit);
            }

            if (actions.Count > 0)
            {
                entities += await SubmitAsync(raw, actions, etags);
            }
        }
    }

    watch.Stop();
    results.Add("baseline: raw same write mix", entities / watch.Elapsed.TotalSeconds, "entities/s",
        $"no pipeline logic: the ceiling for the pipeline's entities/s; {(GC.GetTotalAllocatedBytes(true) - allocated) / touchpointCount:N0} B/touchpoint");
}

// 4. HTTP-style load: many concurrent small requests through the group commit.
{
    var ingestor = provider.GetRequiredService<ITouchpointIngestor>();
    var requests = Math.Min(20_000, touchpointCount);
    var fresh = Workload.Create(requests, customerCount, seed: 11, prefix: "gc").Touchpoints;
    var latencies = new double[requests];
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 128).Select(_ => Task.Run(async () =>
    {
        for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
        {
            var started = Stopwatch.GetTimestamp();
            await ingestor.IngestAsync([fresh[i]], CancellationToken.None);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })));
    watch.Stop();
    var sorted = latencies.Order().ToList();
    results.Add("pipeline: group commit, 128 clients", requests / watch.Elapsed.TotalSeconds, "requests/s",
        $"latency p50 {Percentile(sorted, 0.5):N1} ms, p95 {Percentile(sorted, 0.95):N1} ms, p99 {Percentile(sorted, 0.99):N1} ms");
}

// 5. The daily snapshot: one scan of every journey record.
{
    var job = provider.GetRequiredService<FunnelSnapshotJob>();
    var watch = Stopwatch.StartNew();
    var result = await job.RunAsync("default", DateOnly.FromDateTime(Workload.Start.UtcDateTime).AddDays(Workload.Days - 1), CancellationToken.None);
    watch.Stop();
    results.Add("snapshot: scan and write one day", result.RecordsScanned / watch.Elapsed.TotalSeconds, "records/s", $"{result.RecordsScanned:N0} records in {watch.Elapsed.TotalSeconds:N1} s");
}

using var process = Process.GetCurrentProcess();
results.Add("memory: peak working set", process.PeakWorkingSet64 / 1024.0 / 1024.0, "MiB", $"GC heap now {GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0:N0} MiB (Azurite runs in its own process)");
results.Print();
return 0;

static double Percentile(IList<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
}

static async Task<long> SubmitAsync(TableClient table, List<TableTransactionAction> actions, Dictionary<string, ETag> etags)
{
    var response = await table.SubmitTransactionAsync(actions);
    for (var i = 0; i < actions.Count; i++)
    {
        if (actions[i].Entity.RowKey.StartsWith("j|", StringComparison.Ordinal) && response.Value[i].Headers.ETag is { } etag)
        {
            etags[actions[i].Entity.RowKey] = etag;
        }
    }

    return actions.Count;
}
