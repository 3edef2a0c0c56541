using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class BotScreenTests(AzuriteFixture azurite)
{
    private const string WriteKey = "unit-key";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Fact]
    public async Task HandleAsync_WhenABatchHoldsACrawlersMessage_ThenItIsKeptForReviewAndThePersonsIsIngested()
    {
        // Arrange: a server-side batch forwarding two visitors, one of them Googlebot, with an IP address to truncate.
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var store = new BlobFilteredTouchpointStore(container);
        var ingestor = new CountingIngestor();
        var context = Request($$$"""
            {"batch":[
              {"type":"page","anonymousId":"a-1","name":"Home","messageId":"m-1","context":{"userAgent":"Mozilla/5.0 (compatible; Googlebot/2.1)","ip":"203.0.113.77"}},
              {"type":"page","anonymousId":"a-2","name":"Home","messageId":"m-2","context":{"userAgent":"{{{Chrome}}}"}}
            ]}
            """);

        // Act
        var result = await Handler(ingestor, store).HandleAsync(context.Request, "batch", token);
        await result.ExecuteAsync(context);

        // Assert: a success, one touchpoint ingested, the crawler's message kept under its day and reason with the IP truncated.
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(["m-2"], ingestor.MessageIds);
        var blob = Assert.Single(await ListAsync(container, token));
        Assert.Matches(@"^\d{4}/\d{2}/\d{2}/crawler/\d{9}-[0-9a-f]{32}\.json$", blob);
        var content = (await container.GetBlobClient(blob).DownloadContentAsync(token)).Value.Content.ToString();
        Assert.Contains("203.0.113.0", content, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.77", content, StringComparison.Ordinal);
        Assert.DoesNotContain("m-2", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenTheWholeRequestIsAPrefetch_ThenASuccessAndNothingIngested()
    {
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var ingestor = new CountingIngestor();
        var context = Request("""{"type":"track","userId":"u-1","event":"Viewed","messageId":"m-9"}""");
        context.Request.Headers["Sec-Purpose"] = "prefetch";

        var result = await Handler(ingestor, new BlobFilteredTouchpointStore(container)).HandleAsync(context.Request, "track", token);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Empty(ingestor.MessageIds);
        Assert.Contains("/prefetch/", Assert.Single(await ListAsync(container, token)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountAsync_WhenRecordsSpanDays_ThenCountsTouchpointsPerReasonWithinTheDayOnly()
    {
        // Arrange: a day in UTC+1 runs from 23:00 UTC the day before; records on both sides of its edges.
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var store = new BlobFilteredTouchpointStore(container);
        var start = new DateTimeOffset(2026, 5, 1, 23, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(1);
        foreach (var (reason, count, at) in new[]
        {
            ("crawler", 3, start), ("crawler", 2, start.AddHours(12)), ("monitor", 1, end.AddMilliseconds(-1)),
            ("crawler", 7, start.AddMilliseconds(-1)), ("monitor", 5, end),
        })
        {
            await store.WriteAsync(new FilteredTouchpoints { Source = "http", Reason = reason, Touchpoints = count, ReceivedAt = at, Body = "{}"u8.ToArray() }, token);
        }

        // Act
        var counts = await store.CountAsync(start, end, token);

        // Assert
        Assert.Equal([new("crawler", 5L), new KeyValuePair<string, long>("monitor", 1L)], counts);
        Assert.Empty(await new BlobFilteredTouchpointStore(azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName())).CountAsync(start, end, token));
    }

    [Fact]
    public void Write_WhenTheSnapshotHasFilteredCounts_ThenJsonAndCsvCarryThemPerReason()
    {
        var snapshot = EmptySnapshot() with { Filtered = [new KeyCount("crawler", 5), new KeyCount("prefetch", 2)] };

        using var json = JsonDocument.Parse(SnapshotJsonWriter.Write(snapshot));
        var reasons = json.RootElement.GetProperty("filtered").GetProperty("reasons");
        Assert.Equal("crawler", reasons[0].GetProperty("reason").GetString());
        Assert.Equal(5, reasons[0].GetProperty("touchpoints").GetInt64());
        Assert.Equal(2, reasons.GetArrayLength());
        var csv = Encoding.UTF8.GetString(SnapshotCsvWriter.Write(snapshot));
        Assert.Contains(",filtered,prefetch,,,2,", csv, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(SnapshotJsonWriter.Write(snapshot with { Filtered = [] })).RootElement.TryGetProperty("filtered", out _));
    }

    private static FunnelSnapshot EmptySnapshot() => new()
    {
        FunnelId = "default",
        FunnelName = "Default",
        FunnelHash = "h",
        Date = new DateOnly(2026, 5, 2),
        TimeZone = "UTC",
        Start = new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2026, 5, 3, 0, 0, 0, TimeSpan.Zero),
        StalledDays = 30,
        Customers = 0,
        AnonymousCustomers = 0,
        ActiveCustomers = 0,
        WithoutStage = 0,
        Stages = [],
        ByFirstTouchChannel = [],
        BySegment = [],
        ConversionChannels = [],
        ConversionStage = null,
        Nps = new NpsFigures(0, 0, 0, 0, null),
        Csat = new CsatFigures(0, null),
    };

    private static async Task<List<string>> ListAsync(Azure.Storage.Blobs.BlobContainerClient container, CancellationToken token)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: token))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static TrackingApiHandler Handler(ITouchpointIngestor ingestor, IFilteredTouchpointStore store)
    {
        var options = new TouchpointOptions();
        options.WriteKeys["unit"] = WriteKey;
        var metrics = new IngestMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var screen = new BotScreen(new BotFilter(new BotFilterOptions(), BotUserAgentList.Default), store, metrics, NullLogger<BotScreen>.Instance);
        return new TrackingApiHandler(ingestor, Options.Create(options), metrics, TimeProvider.System, NullLogger<TrackingApiHandler>.Instance, bots: screen);
    }

    private static DefaultHttpContext Request(string json)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Headers.UserAgent = "analytics-node-next/latest";
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":"));
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class CountingIngestor : ITouchpointIngestor
    {
        public List<string> MessageIds { get; } = [];

        public ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
        {
            MessageIds.AddRange(touchpoints.Select(static t => t.MessageId));
            return ValueTask.FromResult(new IngestResult(touchpoints.Count, 0));
        }
    }
}
