using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Touchpoints.Snapshots;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

/// <summary>The local server's stand-in for the timer: it waits for the schedule's next occurrence and runs that occurrence.</summary>
public sealed class FunnelSnapshotSchedulerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ExecuteAsync_WhenTheClockReachesTheOccurrence_ThenSnapshotsTheDaysOfThatOccurrenceOnly()
    {
        // Arrange: one minute before 00:15 on 11 March.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 11, 0, 14, 0, TimeSpan.Zero));
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel], lateDays: 0, time: clock);
        await WriteAsync(harness.Table, DefaultFunnel, SnapshotJobHarness.Buckets, HandBuiltDataset.Records());
        var log = new SignallingLogger<FunnelSnapshotScheduler>("NextRunScheduled");
        using var scheduler = new FunnelSnapshotScheduler(
            harness.Job, Options.Create(new SnapshotOptions { Schedule = "0 15 0 * * *", LateDays = 0 }), clock, log);
        await scheduler.StartAsync(TestContext.Current.CancellationToken);

        // The loop starts on its own thread: move the clock only once it is waiting for 00:15.
        await log.WaitForAsync(1).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        // Act: nothing before the occurrence; then the clock passes it. The loop may have armed its timer a moment after
        // it logged, so the clock moves on in steps until the run is over (it then logs the next occurrence).
        clock.Advance(TimeSpan.FromSeconds(59));
        var before = await DayExistsAsync(harness);
        var ran = log.WaitForAsync(2);
        for (var step = 0; step < 120 && !ran.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(ran, Task.Delay(100, TestContext.Current.CancellationToken));
        }

        await ran.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var written = await DayExistsAsync(harness) && await harness.Container.GetBlobClient("default/latest.json").ExistsAsync(TestContext.Current.CancellationToken);
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.False(before);
        Assert.True(written, "the 00:15 occurrence did not write 10 March's snapshot; the scheduler logged: " + string.Join(" | ", log.Lines));
        var names = await harness.Container.GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken).Select(static b => b.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(names, static n => n.StartsWith("default/2026/03/11/", StringComparison.Ordinal) || n.StartsWith("default/2026/03/09/", StringComparison.Ordinal));
    }

    private static async Task<bool> DayExistsAsync(SnapshotJobHarness harness) =>
        await harness.Container.ExistsAsync(TestContext.Current.CancellationToken)
        && await harness.Container.GetBlobClient("default/2026/03/10/funnel.json").ExistsAsync(TestContext.Current.CancellationToken);
}
