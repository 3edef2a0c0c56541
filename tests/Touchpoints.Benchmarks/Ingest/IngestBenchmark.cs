using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Touchpoints.Benchmarks.Recording;
using Touchpoints.Benchmarks.Results;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Journeys;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;

namespace Touchpoints.Benchmarks.Ingest;

/// <summary>
/// Cases 1 to 3: the Event Hubs path cold and warm against a raw replay of exactly its writes, the raw Add ceiling,
/// storage cost per touchpoint, and a naive read-modify-write loop.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<IngestFigures> RunAsync(AzuriteServer azurite, BenchSettings settings, ResultTable results, CancellationToken cancellationToken)
    {
        var cold = Workload.Create(settings.Touchpoints, settings.Customers, seed: 7, prefix: "c");
        var warm = Workload.Create(settings.Touchpoints, settings.Customers, seed: 8, prefix: "w");
        var recorder = new TransactionRecorder();
        var timer = new RequestTimer();
        await using var pipeline = BenchPipeline.Create(azurite, "ingest", settings.Buckets, recorder, timer);
        var replayRules = new AzureStorageRules();
        var replayTable = new TableServiceClient(azurite.ConnectionString, replayRules.Apply(new TableClientOptions())).GetTableClient("replay");
        var replayer = new TransactionReplayer(replayTable, BenchSettings.PartitionsInFlight);

        // Cold: a fresh process's cache on an empty table, then the raw replay of the same writes on another empty table.
        Console.WriteLine($"ingest: {cold.Count:N0} touchpoints of {cold.Customers:N0} customers, batches of {settings.BatchSize}, cold cache");
        var coldRun = await IngestDriver.RunAsync(pipeline, cold, settings.BatchSize, recorder, timer, cancellationToken).ConfigureAwait(false);
        var coldSingles = recorder.SingleWrites;
        var coldReplay = await replayer.ReplayAsync(recorder.Take(), cancellationToken).ConfigureAwait(false);
        AddReplayCase(results, "ingest-replay-cold", coldRun, coldReplay, cold.Count, coldSingles);

        // Warm: the same customers again with the cache full, against the replay table at the same fill level.
        Console.WriteLine("ingest: the same customers again, warm cache");
        var warmRun = await IngestDriver.RunAsync(pipeline, warm, settings.BatchSize, recorder, timer, cancellationToken).ConfigureAwait(false);
        var warmRecorded = recorder.Take();
        var warmReplay = await replayer.ReplayAsync(warmRecorded, cancellationToken).ConfigureAwait(false);
        AddReplayCase(results, "ingest-replay-warm", warmRun, warmReplay, warm.Count, recorder.SingleWrites - coldSingles);

        var ceiling = await AddCeilingAsync(azurite, warmRecorded, cancellationToken).ConfigureAwait(false);
        results.Add(BenchCase.Rate("ingest-add-ceiling", warmRun.EntitiesPerSecond, "entities/s", "raw 100-entity Add transactions, 8 partitions in flight", ceiling, null,
            $"pipeline warm entities written/s against Azurite's Add ceiling with the same concurrency, on a fresh table (for context: the pipeline's writes are a Merge-heavy mix and it reads too)"));

        AddCostCases(results, cold, warm, settings.BatchSize, coldRun, warmRun);

        var funnel = FunnelDefinitionLoader.Load(RepositoryPaths.Combine("funnels", "default.json"))[0];
        var naiveTable = new TableServiceClient(azurite.ConnectionString, new AzureStorageRules().Apply(new TableClientOptions())).GetTableClient("naive");
        var sample = cold.Touchpoints.Take(settings.NaiveTouchpoints).ToList();
        Console.WriteLine($"ingest: naive loop over the first {sample.Count:N0} touchpoints");
        var naive = await NaiveLoop.RunAsync(naiveTable, funnel, sample, settings.Buckets, cancellationToken).ConfigureAwait(false);
        var naiveRate = sample.Count / naive.TotalSeconds;
        results.Add(BenchCase.Rate("naive-loop", coldRun.Rate, "touchpoints/s", "one touchpoint at a time: read, apply, add timeline row, replace journey", naiveRate, null,
            string.Create(CultureInfo.InvariantCulture, $"ratio is the pipeline's speed-up (cold run); the naive loop ran {sample.Count:N0} touchpoints into an empty table, which favours it")));

        return new IngestFigures(
            warmRun.Per(warmRun.Transactions),
            warmRun.Per(warmRun.EntitiesWritten),
            warmRun.Per(warmRun.EntitiesRead),
            // Reads happen for customers not in an instance's cache: the cold run's rate is the conservative one to plan with.
            coldRun.Per(coldRun.PointReads),
            warm.AverageMessageBytes,
            warmRecorded.Sum(static r => (double)r.Body.Length) / warm.Count,
            warmRun.Cpu.TotalSeconds / warm.Count,
            warmRun.Rate);
    }

    private static void AddReplayCase(ResultTable results, string name, IngestRun run, ReplayResult replay, int touchpoints, long singleWrites)
    {
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"pipeline {run.Elapsed.TotalSeconds:N1} s, replay {replay.Elapsed.TotalSeconds:N1} s of {replay.Transactions:N0} transactions ({replay.Entities:N0} entities: {replay.Adds:N0} Add, {replay.Merges:N0} Merge, {replay.Other:N0} other; {replay.Failed} failed; {singleWrites} writes outside transactions); pipeline read {run.PointReads:N0} point reads; profile: {run.Profile}");
        results.Add(BenchCase.Rate(name, run.Rate, "touchpoints/s", "raw replay of the recorded writes", touchpoints / replay.Elapsed.TotalSeconds, 0.85, notes));
    }

    private static void AddCostCases(ResultTable results, Workload cold, Workload warm, int batchSize, IngestRun coldRun, IngestRun warmRun)
    {
        var minimum = warmRun.Per(warmRun.EntitiesWritten) / 100;
        results.Add(BenchCase.Cost("transactions-per-touchpoint", warmRun.Per(warmRun.Transactions), "transactions/touchpoint", "entities written ÷ 100", minimum, 1 / 1.2,
            string.Create(CultureInfo.InvariantCulture, $"warm; cold {coldRun.Per(coldRun.Transactions):0.####} against {coldRun.Per(coldRun.EntitiesWritten) / 100:0.####}; {warmRun.EntitiesWritten / (double)warmRun.Transactions:N1} entities per transaction")));

        var perCustomer = warm.TouchpointsPerCustomerPerBatch(batchSize);
        results.Add(BenchCase.Cost("entities-written-per-touchpoint", warmRun.Per(warmRun.EntitiesWritten), "entities/touchpoint", "1 + 1/(touchpoints per customer per batch)", 1 + (1 / perCustomer), null,
            string.Create(CultureInfo.InvariantCulture, $"warm; {perCustomer:N3} touchpoints per customer per batch; cold {coldRun.Per(coldRun.EntitiesWritten):0.###} (cold {cold.TouchpointsPerCustomerPerBatch(batchSize):N3} per customer per batch)")));

        results.Add(new BenchCase("entities-read-per-touchpoint", warmRun.Per(warmRun.EntitiesRead), "entities/touchpoint", null, null, null, null,
            string.Create(CultureInfo.InvariantCulture,
                $"warm, from the storage rules' counts: {warmRun.PointReads:N0} point reads, {warmRun.Scans} scan pages; cold {coldRun.Per(coldRun.EntitiesRead):0.###} entities read/touchpoint, {coldRun.PointReads:N0} point reads (one per new customer per batch, most of them misses), {coldRun.Scans} scan pages")));
    }

    // Azurite's ceiling for the simplest write: the warm run's timeline rows, 100 to an Add transaction, 8 partitions in flight.
    private static async Task<double> AddCeilingAsync(AzuriteServer azurite, IReadOnlyList<RecordedTransaction> recorded, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(azurite.ConnectionString, new AzureStorageRules().Apply(new TableClientOptions())).GetTableClient("ceiling");
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var rows = recorded
            .SelectMany(static r => TableBatchBody.Parse(r.Body.Span))
            .Where(static o => o.Method == "POST")
            .Select(static o => EntityJson.Parse(o.Body.Span))
            .GroupBy(static e => e.PartitionKey, StringComparer.Ordinal)
            .Select(static p => p.Chunk(100).ToList())
            .ToList();
        var entities = rows.Sum(static p => p.Sum(static c => c.Length));
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = BenchSettings.PartitionsInFlight, CancellationToken = cancellationToken }, async (partition, token) =>
        {
            foreach (var chunk in partition)
            {
                await table.SubmitTransactionAsync(chunk.Select(static e => new TableTransactionAction(TableTransactionActionType.Add, e)), token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return entities / watch.Elapsed.TotalSeconds;
    }
}
