using System.Text;
using System.Text.Json;
using Touchpoints.Snapshots;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

public sealed class FunnelSnapshotJobTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunAsync_WhenRecordsStored_WritesTheSameFiguresAsThePureAggregation()
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);
        var records = HandBuiltDataset.Records();
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, records);
        var aggregator = new FunnelDayAggregator(SnapshotDay.Of(HandBuiltDataset.Date, TimeZoneInfo.Utc), DefaultFunnel, 14);
        foreach (var record in records)
        {
            aggregator.Add(record);
        }

        var expected = SnapshotJsonWriter.Write(aggregator.ToSnapshot(DefaultFunnel, "UTC", 14));

        // Act
        var result = await harness.Job.RunAsync("default", HandBuiltDataset.Date, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(records.Count, result.RecordsScanned);
        Assert.Equal(
            ["default/2026/03/10/funnel.csv", "default/2026/03/10/funnel.svg", "default/2026/03/10/funnel.json", "default/latest.json"],
            result.BlobNames);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(await harness.ReadAsync("default/2026/03/10/funnel.json")));
        Assert.Equal(expected, await harness.ReadAsync("default/latest.json"));
        var properties = (await harness.Container.GetBlobClient("default/2026/03/10/funnel.svg").GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken)).Value;
        Assert.Equal("image/svg+xml", properties.ContentType);
        Assert.Equal("8", properties.Metadata[BlobSnapshotStore.RecordsScannedMetadata]);
        Assert.True(properties.Metadata.ContainsKey(BlobSnapshotStore.GeneratedAtMetadata));

        using var document = JsonDocument.Parse(expected);
        var stages = document.RootElement.GetProperty("stages");
        Assert.Equal(6, stages[0].GetProperty("reached").GetInt32());
        Assert.Equal(JsonValueKind.Null, stages[0].GetProperty("conversion").ValueKind);
        Assert.Equal(0.5, stages[1].GetProperty("conversion").GetDouble());
        Assert.Equal(DefaultFunnel.Hash, document.RootElement.GetProperty("funnel").GetProperty("hash").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task RunAsync_WhenRunAgainLaterWithNewCustomers_WritesIdenticalBytes()
    {
        // Arrange: a first run, then a customer who first appears two days later (and a later clock).
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 11, 0, 15, 0, TimeSpan.Zero));
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel], time: clock);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        await harness.Job.RunAsync("default", HandBuiltDataset.Date, TestContext.Current.CancellationToken);
        var first = await ReadDayAsync(harness);
        var firstGenerated = (await harness.Container.GetBlobClient("default/2026/03/10/funnel.json").GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken)).Value.Metadata[BlobSnapshotStore.GeneratedAtMetadata];

        clock.Advance(TimeSpan.FromDays(8));
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets,
            [Journey(DefaultFunnel, "newcomer", Message("newcomer", HandBuiltDataset.Day.AddDays(2), "Order Completed"))]);

        // Act
        var rerun = await harness.Job.RunAsync("default", HandBuiltDataset.Date, TestContext.Current.CancellationToken);

        // Assert: same content, only the metadata moved.
        var second = await ReadDayAsync(harness);
        Assert.Equal(9, rerun.RecordsScanned);
        Assert.Equal(first.Json, second.Json);
        Assert.Equal(first.Csv, second.Csv);
        Assert.Equal(first.Svg, second.Svg);
        var secondGenerated = (await harness.Container.GetBlobClient("default/2026/03/10/funnel.json").GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken)).Value.Metadata[BlobSnapshotStore.GeneratedAtMetadata];
        Assert.NotEqual(firstGenerated, secondGenerated);
    }

    [Fact]
    public async Task RunScheduledAsync_WhenLateTouchpointArrivesInsideTheWindow_RecomputesItsDay()
    {
        // Arrange: the run of 11 March computed 8-10 March; then a touchpoint of 9 March arrives late.
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel], lateDays: 2);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        var firstRun = await harness.Job.RunScheduledAsync(new DateTimeOffset(2026, 3, 11, 0, 15, 0, TimeSpan.Zero), TestContext.Current.CancellationToken);
        var before = JsonDocument.Parse(await harness.ReadAsync("default/2026/03/09/funnel.json"));

        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets,
            [Journey(DefaultFunnel, "late", Message("late", HandBuiltDataset.Day.AddDays(-1).AddHours(15), "Order Completed"))]);

        // Act: the next day's run recomputes 9-11 March.
        var secondRun = await harness.Job.RunScheduledAsync(new DateTimeOffset(2026, 3, 12, 0, 15, 0, TimeSpan.Zero), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["2026-03-08", "2026-03-09", "2026-03-10"], firstRun.Select(static r => r.Snapshot.Date.ToString("yyyy-MM-dd", null)));
        Assert.Equal(["2026-03-09", "2026-03-10", "2026-03-11"], secondRun.Select(static r => r.Snapshot.Date.ToString("yyyy-MM-dd", null)));
        var after = JsonDocument.Parse(await harness.ReadAsync("default/2026/03/09/funnel.json"));
        Assert.Equal(
            before.RootElement.GetProperty("stages")[2].GetProperty("reached").GetInt32() + 1,
            after.RootElement.GetProperty("stages")[2].GetProperty("reached").GetInt32());
        using var latest = JsonDocument.Parse(await harness.ReadAsync("default/latest.json"));
        Assert.Equal("2026-03-11", latest.RootElement.GetProperty("date").GetString());
    }

    [Fact]
    public async Task RunOccurrenceAsync_WhenRetriedHoursLaterOrRunLocallyOnTime_ThenSameDaysAndSameContent()
    {
        // Arrange: the local scheduler runs at the occurrence; the Functions timer's retry starts after midnight.
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel], lateDays: 1);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        var occurrence = new DateTimeOffset(2026, 3, 11, 0, 15, 0, TimeSpan.Zero);

        // Act
        var onTime = await harness.Job.RunOccurrenceAsync(occurrence, TestContext.Current.CancellationToken);
        var onTimeContent = await harness.ReadAsync("default/2026/03/10/funnel.json");
        var retried = await harness.Job.RunOccurrenceAsync(occurrence.AddHours(23).AddMinutes(55), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["2026-03-09", "2026-03-10"], onTime.Select(static r => r.Snapshot.Date.ToString("yyyy-MM-dd", null)));
        Assert.Equal(["2026-03-09", "2026-03-10"], retried.Select(static r => r.Snapshot.Date.ToString("yyyy-MM-dd", null)));
        Assert.Equal(onTimeContent, await harness.ReadAsync("default/2026/03/10/funnel.json"));
    }

    [Fact]
    public async Task RunAsync_WhenCancelledDuringTheScan_ThenThrowsAndWritesNothing()
    {
        // Arrange: the token is cancelled by the scan's first query, so the job is past its start when it sees it.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var cancelOnQuery = new CancelOnFirstQueryPolicy(cancellation);
        var options = azurite.Server.Rules.Apply(new Azure.Data.Tables.TableClientOptions());
        options.AddPolicy(cancelOnQuery, Azure.Core.HttpPipelinePosition.PerCall);
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel], scanClient: new Azure.Data.Tables.TableServiceClient(azurite.Server.ConnectionString, options));
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());

        // Act
        var thrown = await Record.ExceptionAsync(() => harness.Job.RunAsync("default", HandBuiltDataset.Date, cancellation.Token));

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(cancelOnQuery.Queries >= 1);
        Assert.False(await harness.Container.ExistsAsync(TestContext.Current.CancellationToken) && await harness.Container.GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken).AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunRangeAsync_WhenBackfillingOlderDays_LeavesLatestOnTheNewestDay()
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel, AidaFunnel]);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        await harness.Job.RunAsync("default", HandBuiltDataset.Date, TestContext.Current.CancellationToken);
        var progress = new List<string>();

        // Act
        var results = await harness.Job.RunRangeAsync("default", new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 5), new SyncProgress(r => progress.Add(r.Snapshot.Date.ToString("yyyy-MM-dd", null))), TestContext.Current.CancellationToken);

        // Assert: 33 days over two scans; latest.json still the 10th; the other funnel has no rows and no files.
        Assert.Equal(33, results.Count);
        Assert.Equal(33, progress.Count);
        Assert.Equal("2026-03-05", progress[^1]);
        using var latest = JsonDocument.Parse(await harness.ReadAsync("default/latest.json"));
        Assert.Equal("2026-03-10", latest.RootElement.GetProperty("date").GetString());
        Assert.DoesNotContain(results, static r => r.BlobNames.Contains("default/latest.json"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Job.RunRangeAsync("default", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 2), null, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Job.RunAsync("nope", HandBuiltDataset.Date, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_WhenTableDoesNotExist_WritesAnEmptySnapshot()
    {
        // Arrange: a fresh deployment before the first touchpoint.
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);

        // Act
        var result = await harness.Job.RunAsync("default", HandBuiltDataset.Date, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(0, result.RecordsScanned);
        Assert.Equal(0, result.Snapshot.Customers);
        Assert.All(result.Snapshot.Stages, static s => Assert.Equal(0, s.Reached));
    }

    private static async Task<(byte[] Json, byte[] Csv, byte[] Svg)> ReadDayAsync(SnapshotJobHarness harness) => (
        await harness.ReadAsync("default/2026/03/10/funnel.json"),
        await harness.ReadAsync("default/2026/03/10/funnel.csv"),
        await harness.ReadAsync("default/2026/03/10/funnel.svg"));

    private sealed class SyncProgress(Action<SnapshotResult> report) : IProgress<SnapshotResult>
    {
        public void Report(SnapshotResult value) => report(value);
    }
}
