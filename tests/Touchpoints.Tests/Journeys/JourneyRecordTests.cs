using Touchpoints.Journeys;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Journeys;

public sealed class JourneyRecordTests
{
    private const int Awareness = 0, Consideration = 1, Purchase = 2, Retention = 3, Advocacy = 4;

    private static JourneyRecord Build(params Touchpoints.Ingest.Touchpoint[] touchpoints)
    {
        var record = new JourneyRecord(DefaultFunnel, "u1", isAnonymous: false);
        foreach (var touchpoint in touchpoints)
        {
            record.Apply(touchpoint, DefaultFunnel);
        }

        return record;
    }

    [Fact]
    public void Apply_WhenTouchpointsReachStages_KeepsCountsFirstLastAndFurthest()
    {
        var record = Build(
            Page("p1", Day.AddHours(1), channel: "ads"),
            Track("v1", "Product Viewed", Day.AddHours(2)),
            Track("v2", "Product Viewed", Day.AddHours(3)),
            Track("o1", "Order Completed", Day.AddHours(4), channel: "email"));

        var stages = record.Stages;
        Assert.Equal(1, stages[Awareness].Count);
        Assert.Equal(2, stages[Consideration].Count);
        Assert.Equal(Day.AddHours(2).ToUnixTimeMilliseconds(), stages[Consideration].First!.Value.AtMs);
        Assert.Equal(Day.AddHours(3).ToUnixTimeMilliseconds(), stages[Consideration].LastMs);
        Assert.Equal(Purchase, record.FurthestStage);
        Assert.Equal("ads", record.First!.Value.ChannelName);
        Assert.Equal("email", record.Last!.Value.ChannelName);
        Assert.Equal("email", record.Conversion!.Value.ChannelName);
        Assert.Equal(4, record.TouchCount);
    }

    [Fact]
    public void Apply_WhenSecondOrderArrives_ReachesRetention()
    {
        var record = Build(Track("o1", "Order Completed", Day.AddHours(1)), Track("o2", "Order Completed", Day.AddHours(5)));

        Assert.Equal(1, record.Stages[Purchase].Count);
        Assert.Equal(1, record.Stages[Retention].Count);
        Assert.Equal(Day.AddHours(5).ToUnixTimeMilliseconds(), record.Stages[Retention].First!.Value.AtMs);
    }

    [Fact]
    public void Apply_WhenFirstOrderArrivesLate_TheEarlierOrderIsStillTheFirst()
    {
        // Arrange: the order at 05:00 arrives first and is, for now, the first order.
        var record = Build(Track("o2", "Order Completed", Day.AddHours(5), channel: "email"));
        Assert.Equal(Purchase, record.FurthestStage);

        // Act: the order at 01:00 arrives late.
        record.Apply(Track("o1", "Order Completed", Day.AddHours(1), channel: "ads"), DefaultFunnel);

        // Assert: by event time, 01:00 converted and 05:00 is the repeat order.
        Assert.Equal(Day.AddHours(1).ToUnixTimeMilliseconds(), record.Stages[Purchase].First!.Value.AtMs);
        Assert.Equal(Day.AddHours(5).ToUnixTimeMilliseconds(), record.Stages[Retention].First!.Value.AtMs);
        Assert.Equal("ads", record.Conversion!.Value.ChannelName);
    }

    [Fact]
    public void Apply_WhenNpsIsNine_ReachesAdvocacyAndKeepsTheScore()
    {
        var record = Build(
            Track("s1", "Survey Answered", Day.AddHours(1), properties: """{"nps":6}"""),
            Track("s2", "Survey Answered", Day.AddHours(2), properties: """{"nps":9}"""));

        Assert.Equal(Advocacy, record.FurthestStage);
        Assert.Equal(1, record.Stages[Advocacy].Count);
        Assert.Equal(9, record.LatestNps);
        Assert.Equal(2, record.SurveyAnswers.Count);
    }

    [Fact]
    public void ReachedAt_WhenOnlyALaterStageWasReached_CountsEarlierStagesAsReached()
    {
        var record = Build(Track("o1", "Order Completed", Day.AddHours(3)));

        var reached = record.ReachedAt;

        Assert.Equal(Day.AddHours(3).ToUnixTimeMilliseconds(), reached[Awareness]!.Value.AtMs);
        Assert.Null(reached[Retention]);
    }

    [Fact]
    public void Apply_WhenReplayedWithinTheWindow_ChangesNothing()
    {
        var touchpoint = Track("v1", "Product Viewed", Day);
        var record = Build(touchpoint);
        var before = JourneyRecordCodec.Encode(record);

        var applied = record.Apply(touchpoint, DefaultFunnel);

        Assert.False(applied);
        Assert.Equal(before, JourneyRecordCodec.Encode(record));
    }

    [Fact]
    public void Segment_WhenChangesArriveOutOfOrder_IsTheLatestByEventTime()
    {
        var record = Build(
            Track("a", "Product Viewed", Day.AddHours(5), segment: "enterprise"),
            Track("b", "Product Viewed", Day.AddHours(1), segment: "smb"));

        Assert.Equal("enterprise", record.Segment);
        Assert.Equal(["smb", "enterprise"], record.SegmentChanges.Select(static c => c.Segment));
    }

    [Fact]
    public void ActiveSlots_AreBoundedToTheLatest()
    {
        var record = new JourneyRecord(DefaultFunnel, "u1", false);
        for (var i = 0; i < JourneyRecord.MaxActiveSlots + 10; i++)
        {
            record.Apply(Page($"p{i}", Day.AddDays(i)), DefaultFunnel);
        }

        Assert.Equal(JourneyRecord.MaxActiveSlots, record.ActiveSlots.Count);
        Assert.Equal((int)(Day.AddDays(10).ToUnixTimeMilliseconds() / JourneyRecord.SlotMilliseconds), record.ActiveSlots[0]);
    }

    [Fact]
    public void Codec_RoundTripsEveryField()
    {
        var record = Build(
            Page("p1", Day.AddHours(1), channel: "social"),
            Track("o1", "Order Completed", Day.AddHours(2)),
            Track("s1", "Survey Answered", Day.AddHours(3), properties: """{"nps":10,"csat":4}""", segment: "vip"));

        var bytes = JourneyRecordCodec.Encode(record);
        var decoded = JourneyRecordCodec.Decode(bytes);

        Assert.Equal(bytes, JourneyRecordCodec.Encode(decoded));
        Assert.Equal(record.Stages, decoded.Stages);
        Assert.Equal("vip", decoded.Segment);
        Assert.Equal(4, decoded.LatestCsat);
        Assert.True(decoded.HasRecent("o1"));
    }

    [Fact]
    public void Codec_WhenBytesAreTruncated_ThrowsInvalidData()
    {
        var bytes = JourneyRecordCodec.Encode(Build(Page("p1", Day)));

        Assert.Throws<InvalidDataException>(() => JourneyRecordCodec.Decode(bytes.AsSpan(0, bytes.Length - 3)));
    }

    [Fact]
    public void Encode_TypicalRecord_IsCompact()
    {
        // A month of a typical customer: 40 touchpoints over 10 days, two orders, a survey.
        var touchpoints = Enumerable.Range(0, 40).Select(i => i % 13 == 0
            ? Track($"{Guid.NewGuid()}", "Order Completed", Day.AddHours(i * 6))
            : Track($"{Guid.NewGuid()}", "Product Viewed", Day.AddHours(i * 6))).ToArray();

        var size = JourneyRecordCodec.Encode(Build(touchpoints)).Length;

        Assert.InRange(size, 100, 2048);
    }
}
