using System.Text;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Touchpoints.Tests.Ingest;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// Invariants 2 and 4 with the network failing: the writer, the group commit and the Event Hubs handler reach Azurite
/// through a <see cref="FaultProxy"/> that resets connections, loses and cuts answers and stalls requests at a seeded
/// rate. Afterwards, read without the proxy, every acknowledged touchpoint is in its journey and timeline exactly once
/// or in the dead-letter container, and the totals equal an oracle computed from the input alone.
/// </summary>
public sealed class FaultInjectionTests(AzuriteFixture azurite)
{
    private const int Seed = 20261130;

    [Fact]
    public async Task FaultProxy_WhenTheAnswerIsLost_TheRequestTookEffectThoughTheClientSawAnError()
    {
        // Arrange: a client that does not retry, so each fault reaches the caller.
        await using var proxy = FaultProxy.Start(azurite.Server.TablePort, Seed);
        var options = azurite.Server.Rules.Apply(new TableClientOptions());
        options.Retry.MaxRetries = 0;
        var name = AzuriteServer.UniqueTableName();
        var faulted = new TableServiceClient(azurite.Server.ConnectionStringVia(tablePort: proxy.Port), options).GetTableClient(name);
        var direct = azurite.Server.CreateTableServiceClient().GetTableClient(name);
        await faulted.CreateAsync(TestContext.Current.CancellationToken);
        proxy.Schedule(FaultKind.ResetBeforeRequest, line => line.StartsWith("POST", StringComparison.Ordinal) && line.Contains(name, StringComparison.Ordinal));
        proxy.Schedule(FaultKind.ResetBeforeResponse, static line => line.StartsWith("POST", StringComparison.Ordinal));
        proxy.Schedule(FaultKind.CutResponse, static line => line.StartsWith("POST", StringComparison.Ordinal));

        // Act
        var before = await Assert.ThrowsAsync<RequestFailedException>(() => faulted.AddEntityAsync(new TableEntity("p", "before"), TestContext.Current.CancellationToken));
        var lost = await Assert.ThrowsAsync<RequestFailedException>(() => faulted.AddEntityAsync(new TableEntity("p", "lost"), TestContext.Current.CancellationToken));
        var cut = await Assert.ThrowsAnyAsync<Exception>(() => faulted.AddEntityAsync(new TableEntity("p", "cut"), TestContext.Current.CancellationToken));
        await faulted.AddEntityAsync(new TableEntity("p", "fine"), TestContext.Current.CancellationToken);

        // Assert: network errors (no status) each time; only the request reset before it was sent did not happen.
        Assert.Equal(0, before.Status);
        Assert.Equal(0, lost.Status);
        Assert.NotNull(cut);
        Assert.False((await direct.GetEntityIfExistsAsync<TableEntity>("p", "before", cancellationToken: TestContext.Current.CancellationToken)).HasValue);
        Assert.True((await direct.GetEntityIfExistsAsync<TableEntity>("p", "lost", cancellationToken: TestContext.Current.CancellationToken)).HasValue);
        Assert.True((await direct.GetEntityIfExistsAsync<TableEntity>("p", "cut", cancellationToken: TestContext.Current.CancellationToken)).HasValue);
        Assert.Equal(1, proxy.Count(FaultKind.ResetBeforeRequest));
        Assert.Equal(1, proxy.Count(FaultKind.ResetBeforeResponse));
        Assert.Equal(1, proxy.Count(FaultKind.CutResponse));
    }
    [Fact]
    public async Task EventHubBatches_WithIdentifiesUnderSeededConnectionFaults_EveryAcknowledgedTouchpointIsStoredOnceOrDeadLettered()
    {
        // Anonymous histories move to the user that claims them while requests fail: moves delete rows, whose lost
        // answers come back as 404 on the retry.
        var workload = FaultWorkload.Create(Seed + 5, messages: 3000, customers: 400, identifies: true);
        await AssertEventHubFaultRunAsync(workload, Seed + 5);
    }

    [Fact]
    public async Task EventHubBatches_UnderSeededConnectionFaults_EveryAcknowledgedTouchpointIsStoredOnceOrDeadLettered()
    {
        await AssertEventHubFaultRunAsync(FaultWorkload.Create(Seed, messages: 3000, customers: 400), Seed);
    }

    private async Task AssertEventHubFaultRunAsync(FaultWorkload workload, int seed)
    {
        // Arrange: 3,000 messages of 400 customers in two partitions; 10% of the requests to each service faulted, one
        // SDK retry, three host attempts. The first batch meets a Table outage for all its attempts, so its last
        // attempt dead-letters it.
        var token = TestContext.Current.CancellationToken;
        await using var storage = FaultyStorage.Start(azurite, seed);
        var writer = new JourneyWriter(storage.Table, StorageTestContext.Catalog);
        var host = new SimulatedEventHubsHost(FaultyStorage.Handler(writer, storage.DeadLetters), maxAttempts: 3);
        var batches = FaultWorkload.Split(workload.All, new Random(seed), 10, 40);
        storage.TableProxy.Schedule(FaultKind.ResetBeforeRequest, static line => line.Contains("$batch", StringComparison.Ordinal), times: 1000);
        Assert.True(await host.DeliverAsync(batches[0], token));
        storage.TableProxy.ClearSchedule();
        storage.TableProxy.SetRandomFaults(0.1);
        storage.BlobProxy.SetRandomFaults(0.1);

        // Act: each partition's batches in order, the two partitions at once, over one writer (one instance).
        var acknowledged = new bool[batches.Count];
        acknowledged[0] = true;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async partition =>
        {
            for (var i = 1 + partition; i < batches.Count; i += 2)
            {
                acknowledged[i] = await host.DeliverAsync(batches[i], token);
            }
        }));
        storage.TableProxy.SetRandomFaults(0);
        storage.BlobProxy.SetRandomFaults(0);

        // Assert, before any recovery: every journey counts exactly the timeline rows stored for its customer (nothing
        // counted twice or lost between the two), and every message of an acknowledged batch is stored or dead-lettered.
        var stored = await StoredState.ReadAsync(storage.Direct.Client, token);
        AssertJourneysMatchTimelines(stored);
        var letters = await storage.DeadLetterBodiesAsync(token);
        var lettered = string.Join("\n", letters);
        var missing = new List<string>();
        foreach (var batch in batches.Where((_, i) => acknowledged[i]))
        {
            foreach (var id in MessageIds(batch))
            {
                if (!stored.Timelines.TryGetValue(workload.CustomerOf[id], out var ids) || !ids.Contains(id))
                {
                    if (!lettered.Contains($"\"messageId\":\"{id}\"", StringComparison.Ordinal))
                    {
                        missing.Add(id);
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{workload.DistinctMessages} messages in {batches.Count} batches; table faults {storage.TableProxy.Faults} of {storage.TableProxy.Requests} requests, " +
            $"blob faults {storage.BlobProxy.Faults} of {storage.BlobProxy.Requests}; failed attempts {host.Failures.Count} ({string.Join(", ", host.Failures.CountBy(static f => f).Select(static p => $"{p.Key} {p.Value}"))}); " +
            $"unacknowledged batches {host.Unacknowledged.Count}; dead letters {letters.Count}");
        Assert.Empty(missing);
        Assert.True(storage.TableProxy.Faults > 150, $"{storage.TableProxy.Faults} table faults of {storage.TableProxy.Requests} requests");
        Assert.Contains(letters, static l => l.Contains("\"messageId\"", StringComparison.Ordinal));

        // Recover as an operator would: re-send the dead letters, and redeliver what the host moved past unacknowledged.
        // Then the totals equal the oracle exactly.
        var recovery = FaultyStorage.Handler(storage.Direct.NewWriter(), azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName("rec")));
        var replay = letters.Select((body, i) => new EventHubEvent { Body = Encoding.UTF8.GetBytes(body), EnqueuedTime = workload.All[0].EnqueuedTime, SequenceNumber = i }).ToArray();
        var replayed = await recovery.HandleAsync(replay, "touchpoints", token);
        // An invalid event stays invalid (dead-lettered again); one may have been dead-lettered by two attempts.
        Assert.Equal(workload.InvalidEvents, letters.Where(static l => l.Contains("No Id", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(letters.Count(static l => l.Contains("No Id", StringComparison.Ordinal)), replayed.DeadLettered);
        foreach (var batch in host.Unacknowledged)
        {
            await recovery.HandleAsync(batch, "touchpoints", token);
        }

        var recovered = await StoredState.ReadAsync(storage.Direct.Client, token);
        AssertJourneysMatchTimelines(recovered);
        Assert.Equal(workload.DistinctMessages, recovered.TimelineRows);
        Assert.Equal(workload.Expected.Count, recovered.Journeys.Count);
        foreach (var (customer, ids) in workload.Expected)
        {
            Assert.Equal(ids.Count, recovered.Journeys[customer].Record.TouchCount);
            Assert.Equal(ids.Order(StringComparer.Ordinal), recovered.Timelines[customer].Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task GroupCommit_UnderSeededConnectionFaults_EveryAnsweredRequestIsStoredOnce()
    {
        // Arrange: 2,000 single-touchpoint requests (about one in ten a redelivery) from 32 concurrent callers, each
        // trying a failed request up to three times, as an HTTP client would; 10% of the Table requests faulted.
        var token = TestContext.Current.CancellationToken;
        var workload = FaultWorkload.Create(Seed + 3, messages: 2000, customers: 300);
        var requests = workload.All
            .SelectMany(static e => TouchpointReader.Read(e.Body.Span, impliedType: null, e.EnqueuedTime) is { IsValid: true } payload ? payload.Touchpoints : [])
            .ToArray();
        await using var storage = FaultyStorage.Start(azurite, Seed + 3);
        storage.TableProxy.SetRandomFaults(0.1);
        var ingestor = new GroupCommitIngestor(new JourneyWriter(storage.Table, StorageTestContext.Catalog), maxTouchpoints: 100, maxWait: TimeSpan.FromMilliseconds(4));
        var answered = new bool[requests.Length];
        var failures = 0;

        // Act
        await using (ingestor)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, requests.Length), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = token }, async (i, ct) =>
            {
                for (var attempt = 1; attempt <= 3 && !answered[i]; attempt++)
                {
                    try
                    {
                        await ingestor.IngestAsync([requests[i]], ct);
                        answered[i] = true;
                    }
#pragma warning disable CA1031 // A caller sees whatever the request failed with, and tries again.
                    catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
        }

        storage.TableProxy.SetRandomFaults(0);

        // Assert: every answered request's touchpoint is stored, and journeys count exactly their timeline rows.
        var stored = await StoredState.ReadAsync(storage.Direct.Client, token);
        AssertJourneysMatchTimelines(stored);
        var missing = requests.Where((t, i) => answered[i] && !(stored.Timelines.TryGetValue(workload.CustomerOf[t.MessageId], out var ids) && ids.Contains(t.MessageId)))
            .Select(static t => t.MessageId)
            .ToList();
        Assert.Empty(missing);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{requests.Length} requests; table faults {storage.TableProxy.Faults} of {storage.TableProxy.Requests}; failed calls {failures}; unanswered {answered.Count(static a => !a)}");
        Assert.True(storage.TableProxy.Faults > 50, $"{storage.TableProxy.Faults} table faults");

        // The unanswered requests, sent again once storage is back: then the totals equal the oracle.
        var unanswered = requests.Where((_, i) => !answered[i]).ToArray();
        if (unanswered.Length > 0)
        {
            await storage.Direct.NewWriter().IngestAsync(unanswered, token);
        }

        var recovered = await StoredState.ReadAsync(storage.Direct.Client, token);
        Assert.Equal(workload.DistinctMessages, recovered.TimelineRows);
        foreach (var (customer, ids) in workload.Expected)
        {
            Assert.Equal(ids.Count, recovered.Journeys[customer].Record.TouchCount);
        }
    }

    [Fact]
    public async Task EventHubBatches_RedeliveredPartlyShuffledAndSplitDifferentlyUnderFaults_StoreIdenticalJourneyRecords()
    {
        // Arrange: the reference is 1,200 messages delivered once, in order, in batches of 100 events, without faults.
        var token = TestContext.Current.CancellationToken;
        var workload = FaultWorkload.Create(Seed + 1, messages: 1200, customers: 150);
        var reference = new StorageTestContext(azurite);
        var once = FaultyStorage.Handler(reference.NewWriter(), azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName("ref")));
        foreach (var batch in workload.All.Chunk(100))
        {
            await once.HandleAsync(batch, "touchpoints", token);
        }

        // Act: the same events through the faulting proxies: all of them shuffled in batches of other sizes, a random
        // 40% again, shuffled and split again, then the reference's batches once more, by two writers (two instances).
        var random = new Random(Seed);
        await using var storage = FaultyStorage.Start(azurite, Seed + 2);
        storage.TableProxy.SetRandomFaults(0.1);
        storage.BlobProxy.SetRandomFaults(0.1);
        var hosts = Enumerable.Range(0, 2)
            .Select(_ => new SimulatedEventHubsHost(FaultyStorage.Handler(new JourneyWriter(storage.Table, StorageTestContext.Catalog), storage.DeadLetters), maxAttempts: 3))
            .ToArray();
        var shuffled = workload.All.ToArray();
        random.Shuffle(shuffled);
        var again = workload.All.Where(_ => random.Next(10) < 4).ToArray();
        random.Shuffle(again);
        var deliveries = FaultWorkload.Split(shuffled, random, 5, 60)
            .Concat(FaultWorkload.Split(again, random, 1, 30))
            .Concat(workload.All.Chunk(100))
            .ToList();
        await Task.WhenAll(hosts.Select(async (host, h) =>
        {
            for (var i = h; i < deliveries.Count; i += hosts.Length)
            {
                await host.DeliverAsync(deliveries[i], token);
            }
        }));

        // What a last attempt dead-lettered (or a host moved past) has been delivered again by the later deliveries, or
        // is re-sent here, as an operator would.
        storage.TableProxy.SetRandomFaults(0);
        storage.BlobProxy.SetRandomFaults(0);
        var recovery = FaultyStorage.Handler(storage.Direct.NewWriter(), azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName("rec")));
        foreach (var batch in hosts.SelectMany(static h => h.Unacknowledged))
        {
            await recovery.HandleAsync(batch, "touchpoints", token);
        }

        var letters = await storage.DeadLetterBodiesAsync(token);
        await recovery.HandleAsync(letters.Select(body => new EventHubEvent { Body = Encoding.UTF8.GetBytes(body), EnqueuedTime = workload.All[0].EnqueuedTime }).ToArray(), "touchpoints", token);

        // Assert: the same journey rows, byte for byte, and the same timeline rows.
        var expected = await StoredState.ReadAsync(reference.Client, token);
        var actual = await StoredState.ReadAsync(storage.Direct.Client, token);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{deliveries.Count} deliveries; table faults {storage.TableProxy.Faults} of {storage.TableProxy.Requests}; failed attempts {hosts.Sum(static h => h.Failures.Count)}; " +
            $"unacknowledged {hosts.Sum(static h => h.Unacknowledged.Count)}");
        Assert.True(storage.TableProxy.Faults > 50, $"{storage.TableProxy.Faults} table faults");
        Assert.Equal(workload.Expected.Count, expected.Journeys.Count);
        Assert.Equal(expected.Journeys.Keys.Order(StringComparer.Ordinal), actual.Journeys.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, journey) in expected.Journeys)
        {
            Assert.True(journey.Bytes.AsSpan().SequenceEqual(actual.Journeys[customer].Bytes), $"{customer}: the journey record differs");
        }

        Assert.Equal(expected.TimelineRows, actual.TimelineRows);
        foreach (var (customer, ids) in expected.Timelines)
        {
            Assert.Equal(ids.Order(StringComparer.Ordinal), actual.Timelines[customer].Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task EventHubBatch_WhenDeadLetteringFailsTooOnTheLastAttempt_ReturnsOnlyWhenEveryEventIsRecorded()
    {
        // Arrange: tables and blobs share an account. The Table service is down for the whole batch, and the Blob
        // service's first twenty requests are reset (the SDK retries once), so the last attempt's first dead-letter
        // writes fail as well. The host checkpoints past whatever the last attempt does, returning or throwing.
        var token = TestContext.Current.CancellationToken;
        var workload = FaultWorkload.Create(Seed + 4, messages: 40, customers: 10);
        await using var storage = FaultyStorage.Start(azurite, Seed + 4);
        storage.TableProxy.Schedule(FaultKind.ResetBeforeRequest, static line => line.Contains("$batch", StringComparison.Ordinal), times: 1000);
        storage.BlobProxy.Schedule(FaultKind.ResetBeforeRequest, static _ => true, times: 20);
        var handler = FaultyStorage.Handler(new JourneyWriter(storage.Table, StorageTestContext.Catalog), storage.DeadLetters);
        var batch = workload.All.ToArray();

        // Act
        var result = await handler.HandleAsync(batch, "touchpoints", token, isFinalAttempt: true);

        // Assert: it returned only after every event was written to the dead-letter container.
        Assert.Equal(20, storage.BlobProxy.Count(FaultKind.ResetBeforeRequest));
        Assert.Equal(batch.Length, result.DeadLettered);
        var letters = await storage.DeadLetterBodiesAsync(token);
        Assert.Equal(batch.Select(static e => Encoding.UTF8.GetString(e.Body.Span)).Order(StringComparer.Ordinal), letters.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EventHubBatches_WhenAzuriteIsStoppedAndRestartedMidRun_StoreTheSameAsTheOracleOnceItIsBack()
    {
        // Arrange: an Azurite of this test's own that keeps its data on disk, and clients made once, before the crash.
        var token = TestContext.Current.CancellationToken;
        var location = Directory.CreateTempSubdirectory("azurite-restart-").FullName;
        var server = await AzuriteServer.StartOnDiskAsync(location, token);
        try
        {
            var tableOptions = server.Rules.Apply(new TableClientOptions());
            var blobOptions = server.Rules.Apply(new Azure.Storage.Blobs.BlobClientOptions());
            foreach (var retry in new[] { tableOptions.Retry, blobOptions.Retry })
            {
                retry.MaxRetries = 1;
                retry.Mode = RetryMode.Fixed;
                retry.Delay = TimeSpan.FromMilliseconds(10);
                retry.NetworkTimeout = TimeSpan.FromSeconds(20);
            }

            var tableClient = new TableServiceClient(server.ConnectionString, tableOptions).GetTableClient(AzuriteServer.UniqueTableName());
            var deadLetters = new Azure.Storage.Blobs.BlobServiceClient(server.ConnectionString, blobOptions).GetBlobContainerClient(AzuriteServer.UniqueContainerName());
            var writer = new JourneyWriter(new JourneyTable(tableClient, 4), StorageTestContext.Catalog);
            var host = new SimulatedEventHubsHost(FaultyStorage.Handler(writer, deadLetters), maxAttempts: 3);
            var workload = FaultWorkload.Create(Seed + 9, messages: 1200, customers: 150);
            var batches = FaultWorkload.Split(workload.All, new Random(Seed + 9), 10, 40);
            var first = batches.Count / 3;
            for (var i = 0; i < first; i++)
            {
                Assert.True(await host.DeliverAsync(batches[i], token));
            }

            var storedBefore = (await StoredState.ReadAsync(tableClient, token)).TimelineRows;

            // Act: Azurite crashes while three batches arrive. Their first two attempts fail; the last attempt cannot
            // dead-letter either (blobs share the account), so it keeps trying and the host gets no answer until Azurite
            // is back over the same files; then it dead-letters what it could not apply. The rest arrive after.
            var duringOutage = Task.Run(async () =>
            {
                for (var i = first; i < first + 3; i++)
                {
                    Assert.True(await host.DeliverAsync(batches[i], token));
                }
            }, token);
            server = await server.RestartAsync(
                async () =>
                {
                    while (host.Failures.Count < 2 && !duringOutage.IsCompleted)
                    {
                        await Task.Delay(50, token);
                    }
                },
                token);
            await duringOutage;
            for (var i = first + 3; i < batches.Count; i++)
            {
                Assert.True(await host.DeliverAsync(batches[i], token));
            }

            // An operator replays the dead letters, as after any outage.
            var letters = new List<string>();
            await foreach (var blob in deadLetters.GetBlobsAsync(cancellationToken: token))
            {
                var content = (await deadLetters.GetBlobClient(blob.Name).DownloadContentAsync(token)).Value.Content;
                using var document = System.Text.Json.JsonDocument.Parse(content.ToMemory());
                letters.Add(document.RootElement.GetProperty("body").GetString()!);
            }

            var recovery = FaultyStorage.Handler(new JourneyWriter(new JourneyTable(tableClient, 4), StorageTestContext.Catalog), server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName("rec")));
            await recovery.HandleAsync(letters.Select((body, i) => new EventHubEvent { Body = Encoding.UTF8.GetBytes(body), EnqueuedTime = workload.All[0].EnqueuedTime, SequenceNumber = i }).ToArray(), "touchpoints", token);

            // Assert: what was stored before the crash survived it, and the end state is the oracle's exactly.
            var direct = server.CreateTableServiceClient().GetTableClient(tableClient.Name);
            var stored = await StoredState.ReadAsync(direct, token);
            Assert.True(storedBefore > 0);
            Assert.True(host.Failures.Count >= 2, $"{host.Failures.Count} failed attempts");
            Assert.Contains(letters, l => MessageIds(batches[first]).Any(id => l.Contains(id, StringComparison.Ordinal)));
            AssertJourneysMatchTimelines(stored);
            Assert.Equal(workload.DistinctMessages, stored.TimelineRows);
            Assert.Equal(workload.Expected.Count, stored.Journeys.Count);
            foreach (var (customer, ids) in workload.Expected)
            {
                Assert.Equal(ids.Count, stored.Journeys[customer].Record.TouchCount);
                Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Timelines[customer].Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(location, recursive: true);
        }
    }

    private static void AssertJourneysMatchTimelines(StoredState stored)
    {
        foreach (var (customer, journey) in stored.Journeys)
        {
            Assert.True(
                journey.Record.TouchCount == (stored.Timelines.TryGetValue(customer, out var ids) ? ids.Count : 0),
                $"{customer}: journey counts {journey.Record.TouchCount}, timeline holds {ids?.Count ?? 0}");
        }

        Assert.All(stored.Timelines.Keys, customer => Assert.True(stored.Journeys.ContainsKey(customer), $"{customer} has timeline rows and no journey"));
    }

    private static IEnumerable<string> MessageIds(IEnumerable<EventHubEvent> batch) =>
        batch.SelectMany(static e => TouchpointReader.Read(e.Body.Span, impliedType: null, e.EnqueuedTime) is { IsValid: true } payload
            ? payload.Touchpoints.Select(static t => t.MessageId)
            : []);
}
