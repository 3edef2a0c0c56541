using System.Text;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

public sealed class FunnelDayAggregatorTests
{
    private const int Awareness = 0, Consideration = 1, Purchase = 2, Retention = 3, Advocacy = 4;

    private static FunnelSnapshot Aggregate(FunnelDefinition funnel, IEnumerable<JourneyRecord> records, DateOnly date, string zone = "UTC", int stalledDays = 14)
    {
        var day = SnapshotDay.Of(date, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var aggregator = new FunnelDayAggregator(day, funnel, stalledDays);
        foreach (var record in records)
        {
            aggregator.Add(record);
        }

        return aggregator.ToSnapshot(funnel, zone, stalledDays);
    }

    private static void AssertSeconds(double expected, double actual)
    {
        // The sketch's bound: within 1% of the exact value (zero is exact).
        Assert.InRange(actual, (expected * (1 - DurationSketch.RelativeAccuracy)) - 0.1, (expected * (1 + DurationSketch.RelativeAccuracy)) + 0.1);
    }

    [Fact]
    public void ToSnapshot_WhenHandBuiltDataset_EveryFigureMatchesTheHandComputation()
    {
        // Arrange
        var records = HandBuiltDataset.Records();

        // Act
        var snapshot = Aggregate(DefaultFunnel, records, HandBuiltDataset.Date);

        // Assert: totals (c5 starts tomorrow; c6 is anonymous; c7 is in no stage; c2 and c7 were not active today).
        Assert.Equal(7, snapshot.Customers);
        Assert.Equal(1, snapshot.AnonymousCustomers);
        Assert.Equal(5, snapshot.ActiveCustomers);
        Assert.Equal(1, snapshot.WithoutStage);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), snapshot.End);

        var s = snapshot.Stages;
        Assert.Equal(["awareness", "consideration", "purchase", "retention", "advocacy"], s.Select(static x => x.Name));
        Assert.Equal([6L, 3, 3, 2, 1], s.Select(static x => x.Reached));
        Assert.Equal([3L, 0, 1, 1, 1], s.Select(static x => x.Current));
        Assert.Equal([2L, 1, 2, 2, 1], s.Select(static x => x.Entered));
        Assert.Equal([1L, 0, 0, 0, 0], s.Select(static x => x.Stalled));
        Assert.Equal([null, 0.5, 1.0, 0.6667, 0.5], s.Select(static x => x.Conversion));
        Assert.Equal([null, 0.5, 0.0, 0.3333, 0.5], s.Select(static x => x.DropOff));

        // Closed funnel (the default): c3 skipped consideration, purchase and retention (implied by advocacy); c4 skipped
        // consideration (implied by its first order). The conversion base is the previous stage's reached.
        Assert.Equal([0L, 2, 1, 1, 0], s.Select(static x => x.Implied));
        Assert.Equal([0L, 6, 3, 3, 2], s.Select(static x => x.Eligible));
        Assert.Equal([0L, 3, 3, 2, 1], s.Select(static x => x.Converted));

        // Time to reach counts only steps with real visits at both ends: consideration {c1 7200}; purchase {c1 421200};
        // retention {c4 86400}; advocacy none (c3's retention is implied). Implied steps would all be 0 s.
        Assert.Null(s[Awareness].TimeToReach);
        Assert.Equal(1, s[Consideration].TimeToReach!.Count);
        AssertSeconds(7200, s[Consideration].TimeToReach!.MedianSeconds);
        Assert.Equal(1, s[Purchase].TimeToReach!.Count);
        AssertSeconds(421200, s[Purchase].TimeToReach!.MedianSeconds);
        Assert.Equal(1, s[Retention].TimeToReach!.Count);
        AssertSeconds(86400, s[Retention].TimeToReach!.P90Seconds);
        Assert.Null(s[Advocacy].TimeToReach);

        // Drop-off: c2 stalled in awareness after an email; c1, c3 and c4 moved on after a page ("Home") on their channels.
        Assert.Equal((1L, 3L), (s[Awareness].DropOffReasons.Stalled, s[Awareness].DropOffReasons.MovedOn));
        Assert.Equal([new DropOffReason("Email Opened", "email", 1, 0, null)], s[Awareness].DropOffReasons.Reasons);
        Assert.Equal(1, s[Consideration].DropOffReasons.MovedOn);
        Assert.Equal(1, s[Purchase].DropOffReasons.MovedOn);
        Assert.Empty(s[Purchase].DropOffReasons.Reasons);

        // Satisfaction by the stage before the answer: c3 (10) and c8 (8) answered in awareness; c4 (NPS 3, CSAT 4) in retention.
        Assert.Equal(new NpsFigures(2, 1, 1, 0, 50), s[Awareness].Satisfaction!.Nps);
        Assert.Equal(new NpsFigures(1, 0, 0, 1, -100), s[Retention].Satisfaction!.Nps);
        Assert.Equal(new CsatFigures(1, 4) { Satisfied = 1, Score = 100 }, s[Retention].Satisfaction!.Csat);
        Assert.Equal(0, s[Advocacy].Satisfaction!.Nps.Responses);

        // Breakdowns: first-touch channel in Channels.All order, segments as of the end of the day in ordinal order.
        Assert.Equal(
            ["web:2,0,0,0,0", "email:1,0,0,0,0", "social:1,1,1,1,1", "search:1,1,1,1,0", "ads:1,1,1,0,0"],
            snapshot.ByFirstTouchChannel.Select(static b => $"{b.Key}:{string.Join(',', b.Reached)}"));
        Assert.Equal(
            ["(none):4,1,1,1,1", "smb:1,1,1,1,0", "vip:1,1,1,0,0"],
            snapshot.BySegment.Select(static b => $"{b.Key}:{string.Join(',', b.Reached)}"));
        Assert.Equal("purchase", snapshot.ConversionStage);
        Assert.Equal([new KeyCount("web", 1), new KeyCount("email", 1), new KeyCount("social", 1)], snapshot.ConversionChannels);

        // Surveys today: NPS 10 (promoter), 3 (detractor), 8 (passive) => 0; CSAT 4.
        Assert.Equal(new NpsFigures(3, 1, 1, 1, 0), snapshot.Nps);
        Assert.Equal(new CsatFigures(1, 4) { Satisfied = 1, Score = 100 }, snapshot.Csat);
    }

    [Fact]
    public void ToSnapshot_WhenComputedForAnEarlierDay_CountsOnlyWhatWasKnownByItsEnd()
    {
        // Arrange: the day before the hand-built day.
        var records = HandBuiltDataset.Records();

        // Act
        var snapshot = Aggregate(DefaultFunnel, records, HandBuiltDataset.Date.AddDays(-1));

        // Assert: c3 and c6 did not exist yet; c4 had one order (entering consideration and purchase at once), not two; c1 had not bought; c8 arrived.
        Assert.Equal(5, snapshot.Customers);
        Assert.Equal([4L, 2, 1, 0, 0], snapshot.Stages.Select(static x => x.Reached));
        Assert.Equal([2L, 1, 1, 0, 0], snapshot.Stages.Select(static x => x.Current));
        Assert.Equal([1L, 1, 1, 0, 0], snapshot.Stages.Select(static x => x.Entered));
        Assert.Equal(3, snapshot.ActiveCustomers);
        Assert.Equal(["(none):2,0,0,0,0", "smb:1,1,1,0,0", "vip:1,1,0,0,0"], snapshot.BySegment.Select(static b => $"{b.Key}:{string.Join(',', b.Reached)}"));
        Assert.Equal(0, snapshot.Nps.Responses);
        Assert.Null(snapshot.Nps.Score);
        Assert.Null(snapshot.Csat.Average);
    }

    [Fact]
    public void Add_WhenTouchpointAt2330Utc_CountsForTheNextDayInUtcPlusOne()
    {
        // Arrange: 23:30 UTC on 9 March is 00:30 on 10 March in Berlin (UTC+1 until the end of March).
        var at = new DateTimeOffset(2026, 3, 9, 23, 30, 0, TimeSpan.Zero);
        var records = new[] { Journey(DefaultFunnel, "late-owl", Message("late-owl", at, type: "page")) };

        // Act
        var utcNinth = Aggregate(DefaultFunnel, records, new DateOnly(2026, 3, 9));
        var berlinNinth = Aggregate(DefaultFunnel, records, new DateOnly(2026, 3, 9), "Europe/Berlin");
        var berlinTenth = Aggregate(DefaultFunnel, records, new DateOnly(2026, 3, 10), "Europe/Berlin");

        // Assert
        Assert.Equal(1, utcNinth.Stages[Awareness].Entered);
        Assert.Equal(1, utcNinth.ActiveCustomers);
        Assert.Equal(0, berlinNinth.Customers);
        Assert.Equal(1, berlinTenth.Stages[Awareness].Entered);
        Assert.Equal(1, berlinTenth.ActiveCustomers);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 23, 0, 0, TimeSpan.Zero), berlinTenth.Start);
    }

    [Fact]
    public void Merge_WhenRecordsSplitAndMergedInAnyOrder_WritesIdenticalBytes()
    {
        // Arrange: the dataset split over three "partitions".
        var records = HandBuiltDataset.Records();
        var day = SnapshotDay.Of(HandBuiltDataset.Date, TimeZoneInfo.Utc);
        FunnelDayAggregator Part(int remainder)
        {
            var part = new FunnelDayAggregator(day, DefaultFunnel, 14);
            for (var i = remainder; i < records.Count; i += 3)
            {
                part.Add(records[i]);
            }

            return part;
        }

        // Act
        var forward = new FunnelDayAggregator(day, DefaultFunnel, 14);
        foreach (var part in new[] { Part(0), Part(1), Part(2) })
        {
            forward.Merge(part);
        }

        var backward = new FunnelDayAggregator(day, DefaultFunnel, 14);
        foreach (var part in new[] { Part(2), Part(1), Part(0) })
        {
            backward.Merge(part);
        }

        var whole = Aggregate(DefaultFunnel, records, HandBuiltDataset.Date);

        // Assert
        var expected = Encoding.UTF8.GetString(SnapshotJsonWriter.Write(whole));
        Assert.Equal(expected, Encoding.UTF8.GetString(SnapshotJsonWriter.Write(forward.ToSnapshot(DefaultFunnel, "UTC", 14))));
        Assert.Equal(expected, Encoding.UTF8.GetString(SnapshotJsonWriter.Write(backward.ToSnapshot(DefaultFunnel, "UTC", 14))));
    }

    [Fact]
    public void ToSnapshot_WhenFunnelHasOtherStages_ComputesThemInItsOrder()
    {
        // Arrange: awareness/interest/consideration/purchase.
        var funnel = AidaFunnel;
        var day = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var records = new[]
        {
            Journey(funnel, "a", Message("a", day.AddHours(1), type: "page"), Message("a", day.AddHours(2), "Video Watched")),
            Journey(funnel, "b", Message("b", day.AddHours(1), type: "page"), Message("b", day.AddHours(3), "Pricing Viewed"), Message("b", day.AddHours(5), "Order Completed", channel: "email")),
            Journey(funnel, "c", Message("c", day.AddHours(4), type: "page")),
        };

        // Act
        var snapshot = Aggregate(funnel, records, new DateOnly(2026, 3, 10));

        // Assert: reached is cumulative (b reached interest through its later stages).
        Assert.Equal(["awareness", "interest", "consideration", "purchase"], snapshot.Stages.Select(static x => x.Name));
        Assert.Equal([3L, 2, 1, 1], snapshot.Stages.Select(static x => x.Reached));
        Assert.Equal([1L, 1, 0, 1], snapshot.Stages.Select(static x => x.Current));
        Assert.Equal([null, 0.6667, 0.5, 1.0], snapshot.Stages.Select(static x => x.Conversion));
        Assert.Equal([new KeyCount("email", 1)], snapshot.ConversionChannels);
    }

    [Fact]
    public void Add_WhenCustomerInactiveForStalledDays_CountsStalledInCurrentStage()
    {
        // Arrange: one customer considering since exactly 3 days before the end of the day, one since 2 days.
        var end = new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);
        var records = new[]
        {
            Journey(DefaultFunnel, "x", Message("x", end.AddDays(-3), "Product Viewed")),
            Journey(DefaultFunnel, "y", Message("y", end.AddDays(-2), "Product Viewed")),
        };

        // Act
        var snapshot = Aggregate(DefaultFunnel, records, new DateOnly(2026, 3, 10), stalledDays: 3);

        // Assert
        Assert.Equal(2, snapshot.Stages[Consideration].Current);
        Assert.Equal(1, snapshot.Stages[Consideration].Stalled);
        Assert.Equal(3, snapshot.StalledDays);
    }
}
