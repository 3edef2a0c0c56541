using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

/// <summary>The write path where Azure is stricter than Azurite: transaction size, stale caches, failed moves, identity conflicts.</summary>
public sealed class WritePathDefectTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WriteAsync_WhenOneCustomersRowsPassFourMebibytes_SplitsTheTransactionByBytes()
    {
        // Arrange: 99 messages of about 32 KB for one customer: over 4 MiB in one transaction, though under 100 actions.
        var context = new StorageTestContext(azurite);
        var writer = context.NewWriter();
        var batch = Enumerable.Range(0, 99)
            .Select(i => Track($"big{i:D2}", "Product Viewed", Day.AddMinutes(i), userId: "heavy", properties: $$"""{"note":"{{new string('n', 32_000)}}"}"""))
            .ToArray();

        // Act
        var applied = await writer.WriteAsync(batch, TestContext.Current.CancellationToken);

        // Assert
        Assert.All(applied, Assert.True);
        Assert.Equal(99, (await context.ReadJourneyAsync("heavy"))!.Value.Record.TouchCount);
        Assert.Equal(99, (await context.RowsAsync("t|u:heavy|")).Count);
        Assert.True(writer.TransactionsSubmitted >= 2, $"{writer.TransactionsSubmitted} transactions");
    }

    [Fact]
    public async Task WriteAsync_WhenAnotherInstanceChangedEveryCachedCustomerOfAPartition_SucceedsWithoutLosingAnUpdate()
    {
        // Arrange: one partition; instance A caches 60 customers, then instance B updates every one of them.
        var context = new StorageTestContext(azurite, buckets: 1);
        var a = context.NewWriter();
        var b = context.NewWriter();
        var customers = Enumerable.Range(0, 60).Select(static c => $"stale{c:D2}").ToArray();
        await a.WriteAsync(customers.Select((c, i) => Track($"a1-{i}", "Product Viewed", Day, userId: c)).ToArray(), TestContext.Current.CancellationToken);
        await b.WriteAsync(customers.Select((c, i) => Track($"b1-{i}", "Product Viewed", Day.AddMinutes(1), userId: c)).ToArray(), TestContext.Current.CancellationToken);

        // Act: A writes all of them again, in one batch, from its stale cache.
        await a.WriteAsync(customers.Select((c, i) => Track($"a2-{i}", "Product Viewed", Day.AddMinutes(2), userId: c)).ToArray(), TestContext.Current.CancellationToken);

        // Assert
        foreach (var customer in customers)
        {
            Assert.Equal(3, (await context.ReadJourneyAsync(customer))!.Value.Record.TouchCount);
        }
    }

    [Fact]
    public async Task WriteAsync_WhenTheMoveOfAnIdentifiedHistoryFailed_TheNextWriteOfTheAnonymousIdFinishesIt()
    {
        // Arrange: an anonymous history, then an identify whose move into the user fails in storage.
        var context = new StorageTestContext(azurite);
        var faults = new StorageFaultPolicy();
        var writer = context.NewWriter(context.TableWith(faults));
        await writer.WriteAsync([Page("s1", Day, userId: null, anonymousId: "strand-dev"), Page("s2", Day.AddMinutes(1), userId: null, anonymousId: "strand-dev")], TestContext.Current.CancellationToken);
        faults.FailRequests(static r => r.Contains("$batch", StringComparison.Ordinal) && r.Contains("|u:strand-user", StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => writer.WriteAsync([Identify("s-id", Day.AddMinutes(2), "strand-user", "strand-dev")], TestContext.Current.CancellationToken));
        Assert.Equal(1, faults.Faults);

        // Act: the device browses on, anonymously (no retry of the identify).
        await writer.WriteAsync([Page("s3", Day.AddMinutes(3), userId: null, anonymousId: "strand-dev")], TestContext.Current.CancellationToken);

        // Assert: the stranded history joined the user, and nothing is left under the anonymous id.
        Assert.Equal(3, (await context.ReadJourneyAsync("strand-user"))!.Value.Record.TouchCount);
        Assert.Empty(await context.RowsAsync("t|a:strand-dev|"));
        Assert.Null(await context.ReadJourneyAsync("strand-dev", anonymous: true));
    }

    [Fact]
    public async Task WriteAsync_WhenALateMoveFailedAndAnotherInstanceSawTheIdMoved_ARepeatedIdentifyFinishesIt()
    {
        // Arrange: instance B links the device (nothing to move, so B has seen it moved). Instance A routed an anonymous
        // page before the link existed (its first link read misses), commits it, sees the link, and its move fails.
        var context = new StorageTestContext(azurite);
        var faults = new StorageFaultPolicy();
        var a = context.NewWriter(context.TableWith(faults));
        var b = context.NewWriter();
        await b.WriteAsync([Identify("r-id1", Day, "repeat-user", "repeat-dev")], TestContext.Current.CancellationToken);
        faults.RewriteReads("repeat-dev", "repeat-dex", times: 1);
        faults.FailRequests(static r => r.Contains("$batch", StringComparison.Ordinal) && r.Contains("|u:repeat-user", StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => a.WriteAsync([Page("r1", Day.AddMinutes(1), userId: null, anonymousId: "repeat-dev")], TestContext.Current.CancellationToken));
        Assert.Single(await context.RowsAsync("t|a:repeat-dev|"));

        // Act: the SDK identifies again on the next visit, through B.
        await b.WriteAsync([Identify("r-id2", Day.AddMinutes(2), "repeat-user", "repeat-dev")], TestContext.Current.CancellationToken);

        // Assert
        Assert.Empty(await context.RowsAsync("t|a:repeat-dev|"));
        Assert.Equal(3, (await context.ReadJourneyAsync("repeat-user"))!.Value.Record.TouchCount);
    }

    [Fact]
    public async Task WriteAsync_WhenTwoIdentifiesOfOneDeviceDisagree_AnyArrivalOrderStoresTheSameRecords()
    {
        // Arrange: a device browses, is identified as u1 at 10 min and as u2 at 20 min, and browses on.
        Touchpoint[] history = [Page("o1", Day, userId: null, anonymousId: "dev-o"), Track("o2", "Product Viewed", Day.AddMinutes(1), userId: null, anonymousId: "dev-o")];
        var first = Identify("o-id1", Day.AddMinutes(10), "owner-1", "dev-o");
        var second = Identify("o-id2", Day.AddMinutes(20), "owner-2", "dev-o");
        var later = Page("o3", Day.AddMinutes(30), userId: null, anonymousId: "dev-o");
        Touchpoint[][][] orders =
        [
            [history, [first], [second], [later]],
            [history, [second], [first], [later]],
            [[second], [later], history, [first]],
            [[later, second], [first, .. history]],
        ];

        // Act
        var stored = new List<(byte[] Owner1, byte[]? Owner2, string? Link)>();
        foreach (var order in orders)
        {
            var context = new StorageTestContext(azurite);
            var writers = new[] { context.NewWriter(), context.NewWriter() };
            for (var i = 0; i < order.Length; i++)
            {
                await writers[i % 2].WriteAsync(order[i], TestContext.Current.CancellationToken);
            }

            var link = await context.Client.GetEntityIfExistsAsync<TableEntity>(context.Table.PartitionOf("a:dev-o"), "i|a:dev-o", cancellationToken: TestContext.Current.CancellationToken);
            stored.Add(((await context.ReadJourneyAsync("owner-1"))!.Value.Bytes, (await context.ReadJourneyAsync("owner-2"))?.Bytes, link.HasValue ? link.Value!.GetString("UserId") : null));
            Assert.Empty(await context.RowsAsync("t|a:dev-o|"));
        }

        // Assert: the earliest identify wins in every order: owner-1 has the device's history, owner-2 only its identify.
        Assert.All(stored, s => Assert.Equal("owner-1", s.Link));
        Assert.All(stored, s => Assert.Equal(stored[0].Owner1, s.Owner1));
        Assert.All(stored, s => Assert.Equal(stored[0].Owner2, s.Owner2));
        Assert.Equal(4, Touchpoints.Journeys.JourneyRecordCodec.Decode(stored[0].Owner1).TouchCount);
        Assert.Equal(1, Touchpoints.Journeys.JourneyRecordCodec.Decode(stored[0].Owner2!).TouchCount);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task WriteAsync_WhenIdentifiesDisagreeInRandomOrdersAndBatches_StoresWhatOneBatchStores(int seed)
    {
        // Arrange: two devices, each identified as two or three users at random times, with anonymous browsing around.
        var random = new Random(seed);
        var set = new List<Touchpoint>();
        foreach (var device in new[] { "dev-x", "dev-y" })
        {
            for (var i = 0; i < 12; i++)
            {
                set.Add(Track($"{device}-{i}", i % 5 == 0 ? "Order Completed" : "Product Viewed", Day.AddMinutes(random.Next(0, 600)), userId: null, anonymousId: device));
            }

            for (var u = 0; u < 2 + random.Next(2); u++)
            {
                set.Add(Identify($"{device}-id{u}", Day.AddMinutes(random.Next(0, 600)), $"{device}-owner{u}", device));
            }
        }

        var reference = new StorageTestContext(azurite);
        await reference.NewWriter().WriteAsync(set, TestContext.Current.CancellationToken);

        // Act: shuffled, random batches, some replays, two writers.
        var deliveries = set.Concat(set.Where(_ => random.Next(4) == 0)).ToArray();
        random.Shuffle(deliveries);
        var actual = new StorageTestContext(azurite);
        var writers = new[] { actual.NewWriter(), actual.NewWriter() };
        for (var (offset, batch) = (0, 0); offset < deliveries.Length; batch++)
        {
            var size = random.Next(1, 8);
            await writers[batch % 2].WriteAsync(deliveries.Skip(offset).Take(size).ToArray(), TestContext.Current.CancellationToken);
            offset += size;
        }

        // Assert: every owner's journey and every link as one batch stored them, and nothing left anonymous.
        foreach (var owner in set.Where(static t => t.Type == TouchpointType.Identify).Select(static t => t.UserId!))
        {
            Assert.Equal((await reference.ReadJourneyAsync(owner))?.Bytes, (await actual.ReadJourneyAsync(owner))?.Bytes);
        }

        foreach (var device in new[] { "dev-x", "dev-y" })
        {
            var key = "a:" + device;
            var expected = await reference.Client.GetEntityAsync<TableEntity>(reference.Table.PartitionOf(key), "i|" + key, cancellationToken: TestContext.Current.CancellationToken);
            var stored = await actual.Client.GetEntityAsync<TableEntity>(actual.Table.PartitionOf(key), "i|" + key, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(expected.Value.GetString("UserId"), stored.Value.GetString("UserId"));
            Assert.Empty(await actual.RowsAsync($"t|{key}|"));
        }
    }

    [Fact]
    public async Task WriteAsync_OnTheWritePath_QueriesOnlyPointsOrOneCustomersRowKeyRange()
    {
        // Arrange: a replayed batch (the duplicate check) and an identify of a device with no local history.
        var context = new StorageTestContext(azurite, buckets: 1);
        var faults = new StorageFaultPolicy();
        var batch = Enumerable.Range(0, 40).Select(i => Track($"q{i:D2}", "Product Viewed", Day.AddMinutes(i), userId: $"q{i % 3}")).ToArray();
        await context.NewWriter().WriteAsync(batch, TestContext.Current.CancellationToken);
        await context.NewWriter().WriteAsync([Page("other", Day, userId: null, anonymousId: "someone-else")], TestContext.Current.CancellationToken);

        // Act
        await context.NewWriter(context.TableWith(faults), cacheSize: 0).WriteAsync(batch, TestContext.Current.CancellationToken);
        await context.NewWriter(context.TableWith(faults)).WriteAsync([Identify("q-id", Day, "q-user", "q-fresh-device")], TestContext.Current.CancellationToken);

        // Assert: every query filters one partition and a row-key range of one customer's timeline.
        var queries = faults.Requests.Where(static r => r.Contains("$filter", StringComparison.Ordinal)).ToList();
        Assert.All(queries, static q => Assert.Matches(@"\$filter=PartitionKey eq 'b\d{3}' and RowKey ge 't\|[^|']+\|' and RowKey lt 't\|[^|']+\}'($|&)", q));
    }

    [Fact]
    public async Task IngestAsync_WhenOneRequestOfAGroupCommitHoldsATouchpointStorageRejects_FailsOnlyThatRequest()
    {
        // Arrange: twenty requests gathered into one batch; one carries a property storage refuses (over 64 KiB stored).
        var context = new StorageTestContext(azurite, buckets: 2);
        var writer = context.NewWriter();
        await using var ingestor = new GroupCommitIngestor(writer, maxTouchpoints: 20, maxWait: TimeSpan.FromSeconds(30));
        var poison = Track("poison", "Product Viewed", Day, userId: "gc-c3", properties: $$"""{"blob":"{{new string('p', 70_000)}}"}""");

        // Act
        var calls = Enumerable.Range(0, 20)
            .Select(i => i == 7 ? poison : Track($"gc{i}", i % 5 == 0 ? "Order Completed" : "Product Viewed", Day.AddMinutes(i), userId: $"gc-c{i % 4}"))
            .Select(t => ingestor.IngestAsync([t], TestContext.Current.CancellationToken).AsTask())
            .ToArray();
        var bad = await Assert.ThrowsAnyAsync<RequestFailedException>(() => calls[7]);

        // Assert: every other request succeeded and its customer's journey counts it; the bad one says why.
        for (var i = 0; i < calls.Length; i++)
        {
            if (i != 7)
            {
                Assert.Equal(new IngestResult(1, 0), await calls[i]);
            }
        }

        Assert.Contains("PropertyValueTooLarge", bad.Message, StringComparison.Ordinal);
        Assert.Equal(1, writer.BatchesWritten);
        Assert.Equal([5, 5, 5, 4], Enumerable.Range(0, 4).Select(c => context.ReadJourneyAsync($"gc-c{c}").Result!.Value.Record.TouchCount));
        Assert.Empty(await context.RowsAsync("t|u:gc-c3|poison"));
    }

    [Fact]
    public async Task WriteAsync_WhenStorageRefusesATransactionWithoutNamingAnAction_NarrowsItDownToTheOneTouchpoint()
    {
        // Arrange: one partition, three customers in one transaction; any request carrying one message's row is refused
        // with a 400 and no action index (as a client-side check of Azure's limits would refuse it).
        var context = new StorageTestContext(azurite, buckets: 1);
        var faults = new StorageFaultPolicy();
        faults.FailRequests(static r => r.Contains("\"RowKey\":\"t|u:n2|n-bad\"", StringComparison.Ordinal), times: int.MaxValue, status: 400);
        var batch = Enumerable.Range(0, 30).Select(i => Track(i == 17 ? "n-bad" : $"n{i}", "Product Viewed", Day.AddMinutes(i), userId: $"n{i % 3}")).ToArray();

        // Act
        var rejected = await Assert.ThrowsAsync<TouchpointsRejectedException>(() => context.NewWriter(context.TableWith(faults)).WriteAsync(batch, TestContext.Current.CancellationToken));

        // Assert: the one touchpoint is named, the other 29 are stored.
        Assert.Equal("n-bad", Assert.Single(rejected.Rejected).MessageId);
        Assert.Contains("HTTP 400 InvalidInput", rejected.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal(new IngestResult(29, 0), rejected.Ingested);
        var counts = new List<long>();
        foreach (var customer in new[] { "n0", "n1", "n2" })
        {
            counts.Add((await context.ReadJourneyAsync(customer))!.Value.Record.TouchCount);
        }

        Assert.Equal([10L, 10L, 9L], counts);
    }

    [Fact]
    public async Task EraseAsync_OnTheSameInstance_LeavesNoCachedLinkOrJourneyForTheNextWrite()
    {
        // Arrange: the pipeline as a host builds it, so the writer and the store are those every request uses.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Touchpoints:TableName"] = AzuriteServer.UniqueTableName(),
            ["Touchpoints:BucketCount"] = "4",
            ["Touchpoints:FunnelPath"] = RepositoryPaths.Combine("funnels", "default.json"),
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddTouchpointPipeline(configuration).BuildServiceProvider();
        var writer = services.GetRequiredService<JourneyWriter>();
        var store = services.GetRequiredService<ICustomerJourneyStore>();
        await writer.WriteAsync([Page("e1", Day, userId: null, anonymousId: "erase-dev"), Identify("e-id", Day.AddMinutes(1), "erase-user", "erase-dev")], TestContext.Current.CancellationToken);
        await writer.WriteAsync([Track("e2", "Order Completed", Day.AddMinutes(2), userId: "erase-user")], TestContext.Current.CancellationToken);

        var cache = services.GetRequiredService<JourneyCache>();
        Assert.True(cache.TryGet(TableKeys.JourneyRow("default", "u:erase-user"), out _));

        // Act: erase the user, then the device comes back, anonymously, and the user id is used again.
        await store.EraseAsync("erase-user", TestContext.Current.CancellationToken);
        var cachedAfterErase = cache.TryGet(TableKeys.JourneyRow("default", "u:erase-user"), out _);
        await writer.WriteAsync([Page("e3", Day.AddDays(1), userId: null, anonymousId: "erase-dev")], TestContext.Current.CancellationToken);
        await writer.WriteAsync([Page("e4", Day.AddDays(1), userId: "erase-user")], TestContext.Current.CancellationToken);

        // Assert: the erased record left the writer's cache, the device is a new anonymous visitor, the user starts from nothing.
        Assert.False(cachedAfterErase);
        var device = await store.GetAsync("erase-dev", 10, null, TestContext.Current.CancellationToken);
        Assert.Equal("erase-dev", device!.ResolvedCustomerId);
        Assert.Equal(1, Assert.Single(device.Journeys).TouchCount);
        var user = await store.GetAsync("erase-user", 10, null, TestContext.Current.CancellationToken);
        Assert.Equal(1, Assert.Single(user!.Journeys).TouchCount);
        Assert.Equal(["e4"], user.Timeline.Select(static t => t.MessageId));
    }
}
