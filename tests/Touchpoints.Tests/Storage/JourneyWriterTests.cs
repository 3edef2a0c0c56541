using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

public sealed class JourneyWriterTests(AzuriteFixture azurite)
{
    private readonly StorageTestContext _context = new(azurite);

    [Fact]
    public async Task WriteAsync_WhenCustomerIsNew_StoresJourneyAndTimeline()
    {
        // Arrange
        var writer = _context.NewWriter();

        // Act
        var applied = await writer.WriteAsync(
            [Page("p1", Day, channel: "ads"), Track("v1", "Product Viewed", Day.AddHours(1)), Track("o1", "Order Completed", Day.AddHours(2))],
            TestContext.Current.CancellationToken);

        // Assert
        Assert.All(applied, Assert.True);
        var (record, _) = (await _context.ReadJourneyAsync("u1"))!.Value;
        Assert.Equal(3, record.TouchCount);
        Assert.Equal(2, record.FurthestStage);
        Assert.Equal("ads", record.First!.Value.ChannelName);
        Assert.Equal(3, (await _context.RowsAsync("t|u:u1|")).Count);
    }

    [Fact]
    public async Task WriteAsync_WhenBatchIsReplayedOnAnotherInstance_AppliesNothingTwice()
    {
        // Arrange: more touchpoints than the recent-id window, so the timeline insert is what catches the replay.
        var batch = Enumerable.Range(0, 80).Select(i => Track($"m{i:D3}", "Product Viewed", Day.AddMinutes(i))).ToArray();
        await _context.NewWriter().WriteAsync(batch, TestContext.Current.CancellationToken);
        var before = (await _context.ReadJourneyAsync("u1"))!.Value.Bytes;

        // Act
        var result = await _context.NewWriter(cacheSize: 0).IngestAsync(batch, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(new IngestResult(0, 80), result);
        Assert.Equal(before, (await _context.ReadJourneyAsync("u1"))!.Value.Bytes);
    }

    [Fact]
    public async Task WriteAsync_WhenBatchRepeatsAMessage_AppliesItOnce()
    {
        var touchpoint = Track("dup", "Product Viewed", Day);

        var applied = await _context.NewWriter().WriteAsync([touchpoint, touchpoint], TestContext.Current.CancellationToken);

        Assert.Equal([true, false], applied);
        Assert.Equal(1, (await _context.ReadJourneyAsync("u1"))!.Value.Record.TouchCount);
    }

    [Fact]
    public async Task WriteAsync_WhenCustomerHasMoreTouchpointsThanATransactionHolds_WritesThemAll()
    {
        var writer = _context.NewWriter();
        var batch = Enumerable.Range(0, 250).Select(i => Track($"m{i:D3}", "Product Viewed", Day.AddMinutes(i))).ToArray();

        await writer.WriteAsync(batch, TestContext.Current.CancellationToken);

        Assert.Equal(250, (await _context.ReadJourneyAsync("u1"))!.Value.Record.TouchCount);
        Assert.Equal(250, (await _context.RowsAsync("t|u:u1|")).Count);
        Assert.True(writer.TransactionsSubmitted >= 3);
    }

    [Fact]
    public async Task WriteAsync_WhenWritersRaceOnTheSameCustomers_LosesNoUpdate()
    {
        // Arrange: four writers (four instances, each with its own cache and client) and five customers they all write
        // to; their first transactions are held until all four are ready, so they must collide at least there.
        // One bucket, so each batch is one transaction and the four first ones all write the same rows.
        var context = new StorageTestContext(azurite, buckets: 1);
        var gate = new TransactionBarrierPolicy.Gate(4);
        var writers = Enumerable.Range(0, 4).Select(_ => context.NewWriter(context.TableWith(new TransactionBarrierPolicy(gate)))).ToArray();
        var customers = Enumerable.Range(0, 5).Select(static c => $"racer{c}").ToArray();

        // Act: each writer sends ten batches of twenty, all at once.
        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var b = 0; b < 10; b++)
            {
                var batch = Enumerable.Range(0, 20)
                    .Select(i => Track($"w{w}-b{b}-{i}", i % 7 == 0 ? "Order Completed" : "Product Viewed", Day.AddMinutes((b * 20) + i), userId: customers[i % customers.Length]))
                    .ToArray();
                await writer.WriteAsync(batch, TestContext.Current.CancellationToken);
            }
        })));

        // Assert: the writers did overlap (journeys changed under their transactions after they read them), and every
        // distinct touchpoint is counted exactly once.
        Assert.True(writers.Sum(static w => w.ConcurrentChanges) >= 3, $"{writers.Sum(static w => w.ConcurrentChanges)} concurrent changes met");
        foreach (var customer in customers)
        {
            var record = (await context.ReadJourneyAsync(customer))!.Value.Record;
            Assert.Equal(4 * 10 * 4, record.TouchCount);
            Assert.Equal(record.TouchCount, record.Stages.Sum(static s => s.Count));
        }
    }

    [Fact]
    public async Task IngestPaths_WhenHttpAndEventHubsInstancesRaceOnTheSameCustomers_CountEachTouchpointOnceAndCollide()
    {
        // Arrange: four instances on one bucket, each with its own cache and client: two take HTTP requests through the
        // group commit, two take Event Hubs batches through the handler. Their first transactions are held until all
        // four are ready, so they must collide.
        var token = TestContext.Current.CancellationToken;
        var context = new StorageTestContext(azurite, buckets: 1);
        var gate = new TransactionBarrierPolicy.Gate(4);
        var writers = Enumerable.Range(0, 4).Select(_ => context.NewWriter(context.TableWith(new TransactionBarrierPolicy(gate)))).ToArray();
        var customers = Enumerable.Range(0, 5).Select(static c => $"both-{c}").ToArray();
        var deadLetters = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        await using var http0 = new GroupCommitIngestor(writers[0], maxTouchpoints: 20, maxWait: TimeSpan.FromMilliseconds(20));
        await using var http1 = new GroupCommitIngestor(writers[1], maxTouchpoints: 20, maxWait: TimeSpan.FromMilliseconds(20));
        var hubs = new[] { FaultyStorage.Handler(writers[2], deadLetters), FaultyStorage.Handler(writers[3], deadLetters) };

        // Act: each HTTP instance answers 40 requests of one touchpoint, 8 at a time; each Event Hubs instance handles
        // four batches of ten.
        var httpRuns = new[] { http0, http1 }.Select((ingestor, h) => Task.Run(async () =>
        {
            foreach (var wave in Enumerable.Range(0, 40).Chunk(8))
            {
                await Task.WhenAll(wave.Select(i => ingestor.IngestAsync([Track($"http{h}-{i}", "Product Viewed", Day.AddMinutes(i), userId: customers[i % customers.Length])], token).AsTask()));
            }
        }, token));
        var hubRuns = hubs.Select((handler, e) => Task.Run(async () =>
        {
            for (var b = 0; b < 4; b++)
            {
                var batch = Enumerable.Range(0, 10).Select(i => new EventHubEvent
                {
                    Body = System.Text.Encoding.UTF8.GetBytes($$"""{"type":"track","event":"Order Completed","userId":"{{customers[i % customers.Length]}}","messageId":"hub{{e}}-{{b}}-{{i}}","timestamp":"2026-03-01T10:00:00Z"}"""),
                    EnqueuedTime = Day,
                    SequenceNumber = (b * 10) + i,
                }).ToArray();
                await handler.HandleAsync(batch, "touchpoints", token);
            }
        }, token));
        await Task.WhenAll(httpRuns.Concat(hubRuns));

        // Assert: the instances collided, and each customer counts its 16 HTTP and 16 Event Hubs touchpoints once.
        Assert.True(writers.Sum(static w => w.ConcurrentChanges) >= 3, $"{writers.Sum(static w => w.ConcurrentChanges)} concurrent changes met");
        foreach (var customer in customers)
        {
            var record = (await context.ReadJourneyAsync(customer))!.Value.Record;
            Assert.Equal(16 + 16, record.TouchCount);
            Assert.Equal(16 + 16, (await context.RowsAsync($"t|u:{customer}|")).Count);
        }
    }

    [Fact]
    public async Task WriteAsync_WhenIdentifyFollowsAnonymousHistory_MergesItIntoTheKnownCustomer()
    {
        // Arrange: an anonymous visitor browses.
        var writer = _context.NewWriter();
        await writer.WriteAsync(
            [Page("a1", Day, userId: null, anonymousId: "anon-7", channel: "social"), Track("a2", "Product Viewed", Day.AddMinutes(5), userId: null, anonymousId: "anon-7")],
            TestContext.Current.CancellationToken);
        Assert.NotNull(await _context.ReadJourneyAsync("anon-7", anonymous: true));

        // Act: they sign in, then browse on anonymously (the cookie still carries only the anonymous id).
        await writer.WriteAsync([Identify("i1", Day.AddMinutes(10), "user-7", "anon-7")], TestContext.Current.CancellationToken);
        await _context.NewWriter().WriteAsync([Track("a3", "Order Completed", Day.AddMinutes(20), userId: null, anonymousId: "anon-7")], TestContext.Current.CancellationToken);

        // Assert: one known journey holds everything; first touch is the anonymous social visit.
        var record = (await _context.ReadJourneyAsync("user-7"))!.Value.Record;
        Assert.Equal(4, record.TouchCount);
        Assert.Equal("social", record.First!.Value.ChannelName);
        Assert.Equal(2, record.FurthestStage);
        Assert.False(record.IsAnonymous);
        Assert.Null(await _context.ReadJourneyAsync("anon-7", anonymous: true));
        Assert.Empty(await _context.RowsAsync("t|a:anon-7|"));
        Assert.Single(await _context.RowsAsync("i|a:anon-7"));
    }

    [Fact]
    public async Task WriteAsync_WhenAnonymousIdIsIdentifiedAsAnotherUser_KeepsTheFirstLink()
    {
        var writer = _context.NewWriter();
        await writer.WriteAsync([Identify("i1", Day, "first", "shared-device")], TestContext.Current.CancellationToken);

        await writer.WriteAsync([Identify("i2", Day.AddHours(1), "second", "shared-device"), Page("p", Day.AddHours(2), userId: null, anonymousId: "shared-device")], TestContext.Current.CancellationToken);

        Assert.Equal(2, (await _context.ReadJourneyAsync("first"))!.Value.Record.TouchCount);
        Assert.Equal(1, (await _context.ReadJourneyAsync("second"))!.Value.Record.TouchCount);
    }

    [Theory]
    [InlineData("a/b\\c#d?e")]
    [InlineData("tab\there\u0001")]
    [InlineData("Zoë 🦊 山田")]
    [InlineData("'quoted' | piped")]
    public async Task WriteAsync_WhenIdHoldsCharactersKeysForbid_StoresAndReturnsItAsSent(string id)
    {
        var writer = _context.NewWriter();

        await writer.WriteAsync([Track("m1", "Product Viewed", Day, userId: id)], TestContext.Current.CancellationToken);
        var journeys = await _context.NewStore().GetAsync(id, 10, null, TestContext.Current.CancellationToken);

        Assert.NotNull(journeys);
        Assert.Equal(id, Assert.Single(journeys.Journeys).CustomerId);
        Assert.Equal(id, Assert.Single(journeys.Timeline).UserId);
    }

    [Fact]
    public async Task WriteAsync_WhenIdIsTheLongestAllowed_KeepsKeysUnderTheLimit()
    {
        var id = string.Concat(Enumerable.Repeat("é/", TouchpointLimits.MaxIdLength / 2));
        var messageId = new string('m', TouchpointLimits.MaxIdLength);

        await _context.NewWriter().WriteAsync([Track(messageId, "Product Viewed", Day, userId: id)], TestContext.Current.CancellationToken);

        Assert.Equal(id, (await _context.ReadJourneyAsync(id))!.Value.Record.CustomerId);
        Assert.All(await _context.RowsAsync(""), static row => Assert.True(row.RowKey.Length < 1024));
    }

    [Fact]
    public async Task WriteAsync_WhenSeveralFunnelsAreConfigured_KeepsOneJourneyPerFunnel()
    {
        // Arrange: the default funnel and a B2B funnel with other stages, where a demo request is "evaluation".
        var b2b = Touchpoints.Journeys.FunnelDefinitionLoader.Parse(
            """
            {"id":"b2b","stages":["interest","evaluation","purchase"],"rules":[
              {"stage":"interest","type":"page"},
              {"stage":"evaluation","event":["Demo Requested","Pricing Viewed"]},
              {"stage":"purchase","event":"Order Completed"}]}
            """,
            "b2b.json");
        var context = new StorageTestContext(azurite, catalog: new Touchpoints.Journeys.FunnelCatalog([DefaultFunnel, b2b]));

        // Act
        await context.NewWriter().WriteAsync([Page("p", Day), Track("d", "Demo Requested", Day.AddHours(1))], TestContext.Current.CancellationToken);

        // Assert
        var journeys = (await context.NewStore().GetAsync("u1", 10, null, TestContext.Current.CancellationToken))!.Journeys;
        Assert.Equal(["default", "b2b"], journeys.Select(static j => j.FunnelId));
        Assert.Equal(1, journeys[0].FurthestStage);
        Assert.Equal(1, journeys[1].FurthestStage);
        Assert.Equal(2, journeys[1].Stages.Sum(static s => s.Count));
    }
}
