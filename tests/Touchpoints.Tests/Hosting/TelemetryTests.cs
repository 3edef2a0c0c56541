using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Touchpoints.Snapshots;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Hosting;

/// <summary>The pipeline's traces and metrics, through the real handlers on Azurite, exported in memory.</summary>
[Collection(TelemetryIsolation.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    // Every value that says who or what a customer is: none may reach a tag or a name.
    private static readonly string[] Identifying =
    [
        "tel-user-4711", "tel-anon-0815", "tel-msg-a1", "tel-msg-a2", "tel-msg-a3", "tel-msg-bot", "tel-msg-bad",
        "198.51.100.23", "198.51.100", "SecretBrowser/7.3", "Googlebot/2.1",
    ];

    [Fact]
    public async Task IngestAndSnapshot_ThroughThePipeline_EmitCountsAndActivitiesWithoutIdentifyingTags()
    {
        // Arrange
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        await using var services = Build(activities, metrics);
        var tracer = services.GetRequiredService<TracerProvider>();
        var meter = services.GetRequiredService<MeterProvider>();
        var handler = services.GetRequiredService<EventHubBatchHandler>();
        var job = services.GetRequiredService<FunnelSnapshotJob>();
        EventHubEvent[] events =
        [
            Event(1, """{"type":"page","userId":"tel-user-4711","messageId":"tel-msg-a1","timestamp":"2026-03-10T12:00:00Z","context":{"ip":"198.51.100.23","userAgent":"Mozilla/5.0 SecretBrowser/7.3"}}"""),
            Event(2, """{"type":"track","event":"Product Viewed","anonymousId":"tel-anon-0815","messageId":"tel-msg-a2","timestamp":"2026-03-10T12:01:00Z","context":{"ip":"198.51.100.23","userAgent":"Mozilla/5.0 SecretBrowser/7.3"}}"""),
            Event(3, """{"type":"track","event":"Order Completed","userId":"tel-user-4711","messageId":"tel-msg-a3","timestamp":"2026-03-10T12:02:00Z","context":{"ip":"198.51.100.23"}}"""),
            Event(4, """{"type":"page","userId":"tel-user-4711","messageId":"tel-msg-bot","timestamp":"2026-03-10T12:03:00Z","context":{"userAgent":"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}}"""),
            Event(5, """{"type":"track","userId":"tel-user-4711","messageId":"tel-msg-bad","context":{"ip":"198.51.100.23"}}"""),
        ];

        // Act
        var result = await handler.HandleAsync(events, "touchpoints-hub", TestContext.Current.CancellationToken);
        await job.RunAsync("default", DateOnly.FromDateTime(Day.UtcDateTime), TestContext.Current.CancellationToken);
        tracer.ForceFlush();
        meter.ForceFlush();

        // Assert: the counts.
        Assert.Equal(1, result.DeadLettered);
        Assert.Equal(3, Sum(metrics, "touchpoints.ingest.accepted"));
        Assert.Equal(1, Sum(metrics, "touchpoints.ingest.rejected"));
        Assert.Equal(1, Sum(metrics, "touchpoints.ingest.dead_lettered"));
        Assert.Equal(1, Sum(metrics, "touchpoints.ingest.filtered"));
        Assert.Equal((1L, 3.0), Histogram(metrics, "touchpoints.write.batch_size"));
        Assert.True(Sum(metrics, "touchpoints.storage.transactions") >= 1);
        Assert.Equal(1L, Histogram(metrics, "touchpoints.snapshot.duration").Count);

        // Assert: the activities.
        var batch = Assert.Single(activities, static a => a.OperationName == "touchpoints.eventhubs batch");
        Assert.Equal(5, batch.GetTagItem("touchpoints.events"));
        Assert.Equal("0", batch.GetTagItem("messaging.destination.partition.id"));
        var write = Assert.Single(activities, static a => a.OperationName == "touchpoints.write batch");
        Assert.Equal(3, write.GetTagItem("touchpoints.count"));
        Assert.NotNull(write.GetTagItem("touchpoints.partitions"));
        var snapshot = Assert.Single(activities, static a => a.OperationName == "touchpoints.snapshot run");
        Assert.Equal("default", snapshot.GetTagItem("touchpoints.funnel"));

        // Assert: nothing identifying anywhere.
        var exposed = activities.SelectMany(static a => a.TagObjects.Select(static t => $"{t.Key}={t.Value}").Append(a.OperationName).Append(a.DisplayName))
            .Concat(metrics.SelectMany(MetricTags))
            .ToList();
        Assert.NotEmpty(exposed);
        foreach (var value in Identifying)
        {
            Assert.DoesNotContain(exposed, text => text.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    private ServiceProvider Build(List<Activity> activities, List<Metric> metrics)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Touchpoints:TableName"] = AzuriteServer.UniqueTableName(),
            ["Touchpoints:DeadLetterContainer"] = AzuriteServer.UniqueContainerName("dl"),
            ["Touchpoints:SnapshotContainer"] = AzuriteServer.UniqueContainerName("sn"),
            ["Touchpoints:BotFilter:FilteredContainer"] = AzuriteServer.UniqueContainerName("fi"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddTouchpointPipeline(configuration);
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddTouchpointInstrumentation().AddInMemoryExporter(activities))
            .WithMetrics(metering => metering.AddTouchpointInstrumentation().AddInMemoryExporter(metrics));
        return services.BuildServiceProvider();
    }

    private static EventHubEvent Event(long sequence, string json) =>
        new() { Body = Encoding.UTF8.GetBytes(json), EnqueuedTime = Day, SequenceNumber = sequence, PartitionId = "0" };

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static long Sum(List<Metric> metrics, string name) => Points(metrics, name).Sum(static p => p.GetSumLong());

    private static (long Count, double Sum) Histogram(List<Metric> metrics, string name) =>
        Points(metrics, name).Aggregate((Count: 0L, Sum: 0.0), static (total, p) => (total.Count + p.GetHistogramCount(), total.Sum + p.GetHistogramSum()));

    private static IEnumerable<string> MetricTags(Metric metric)
    {
        var texts = new List<string> { metric.Name };
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                texts.Add($"{tag.Key}={tag.Value}");
            }
        }

        return texts;
    }
}
