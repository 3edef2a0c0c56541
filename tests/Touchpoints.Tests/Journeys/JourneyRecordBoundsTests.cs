using System.Globalization;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Xunit;

namespace Touchpoints.Tests.Journeys;

/// <summary>A journey record's worst case is bounded for every funnel the loader accepts, occurrence rules included.</summary>
public sealed class JourneyRecordBoundsTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WorstCaseBytes_OfTheDefaultFunnel_FitsOneBinaryProperty() =>
        Assert.InRange(JourneyRecordBounds.WorstCaseBytes(TestTouchpoints.DefaultFunnel), 1, 64 * 1024);

    [Fact]
    public void WorstCaseBytes_WhenEveryBoundIsFilled_IsNotExceededByARealRecord()
    {
        // Arrange: 32 stages, one event counted up to its 100th occurrence, and every history full of the longest ids and campaigns.
        var funnel = Funnel(stageCount: FunnelDefinition.MaxStages, occurrenceRules: [("Order Completed", 100)]);
        var record = new JourneyRecord(funnel, new string('€', TouchpointLimits.MaxIdLength), isAnonymous: false);
        var n = 0;
        Touchpoint Next(string @event, int? nps = null, string? segment = null) => new()
        {
            MessageId = (n++).ToString("D4", CultureInfo.InvariantCulture) + new string('€', TouchpointLimits.MaxIdLength - 4),
            Type = TouchpointType.Track,
            Event = @event,
            UserId = "x",
            Timestamp = Day.AddMinutes(n * 20),
            Nps = nps,
            Segment = segment,
            Context = new TouchpointContext { CampaignName = new string('€', AttributionTrail.MaxCampaignLength + 8) },
        };

        for (var i = 0; i < FunnelDefinition.MaxStages; i++)
        {
            // Past the stage touches kept, with event names past the length they keep.
            for (var k = 0; k <= JourneyRecord.MaxStageTouches; k++)
            {
                record.Apply(Next(StageEvent($"s{i}")), funnel);
            }
        }

        for (var i = 0; i < 120; i++)
        {
            record.Apply(Next("Order Completed"), funnel);
        }

        for (var i = 0; i < 600; i++)
        {
            record.Apply(Next("Survey", nps: 9, segment: new string('ß', TouchpointLimits.MaxSegmentLength - 3) + i.ToString("D3", CultureInfo.InvariantCulture)), funnel);
        }

        // Act
        var actual = JourneyRecordCodec.Encode(record).Length;
        var bound = JourneyRecordBounds.WorstCaseBytes(funnel);

        // Assert: a real bound, and not a loose one.
        Assert.InRange(actual, bound * 9 / 10, bound);
    }

    [Fact]
    public void Parse_WhenTwoEventsAreCountedToTheHundredthOccurrence_Accepts()
    {
        var funnel = Funnel(FunnelDefinition.MaxStages, [("A", 100), ("B", 100)]);

        Assert.InRange(JourneyRecordBounds.WorstCaseBytes(funnel), 1, JourneyRecordBounds.MaxStoredBytes);
    }

    [Fact]
    public void Parse_WhenAThirdEventCountedToTheHundredthOccurrencePushesTheWorstCaseOver_NamesThatRule()
    {
        var ex = Assert.Throws<FunnelDefinitionException>(() => Funnel(FunnelDefinition.MaxStages, [("A", 100), ("B", 100), ("C", 100)]));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith($"rules[{FunnelDefinition.MaxStages + 2}] (stage 's1'): with occurrence 100 of 'C'", problem, StringComparison.Ordinal);
        Assert.Contains($"over the {JourneyRecordBounds.MaxStoredBytes:N0} bytes a journey row holds", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenManySmallOccurrenceRulesAddUp_RejectsAtTheRuleThatCrossesTheLimit()
    {
        // Arrange: forty events each counted to the tenth occurrence keep 9 marks each.
        var rules = Enumerable.Range(0, 40).Select(static i => ($"Event {i:D2}", 10)).ToArray();
        var crossing = Enumerable.Range(1, rules.Length).First(count =>
            JourneyRecordBounds.WorstCaseBytes("f", FunnelDefinition.MaxStages, rules.Take(count).ToDictionary(static r => FunnelDefinition.EventKey(r.Item1), static r => r.Item2)) > JourneyRecordBounds.MaxStoredBytes) - 1;

        // Act
        var ex = Assert.Throws<FunnelDefinitionException>(() => Funnel(FunnelDefinition.MaxStages, rules));

        // Assert
        Assert.InRange(crossing, 1, rules.Length - 1);
        Assert.StartsWith($"rules[{FunnelDefinition.MaxStages + crossing}] (stage 's1'): with occurrence 10 of 'Event {crossing:D2}'", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenOneEventHasSeveralOccurrenceRules_CountsItOnceAtItsLargestOccurrence()
    {
        var once = Funnel(FunnelDefinition.MaxStages, [("A", 100)]);
        var twice = Funnel(FunnelDefinition.MaxStages, [("A", 2), ("A", 100), ("a", 50)]);

        Assert.Equal(JourneyRecordBounds.WorstCaseBytes(once), JourneyRecordBounds.WorstCaseBytes(twice));
    }

    private static string StageEvent(string stage) => $"E-{stage}-" + new string('€', JourneyRecord.MaxStageTouchEventLength);

    private static FunnelDefinition Funnel(int stageCount, (string Event, int Occurrence)[] occurrenceRules)
    {
        var stages = Enumerable.Range(0, stageCount).Select(static i => $"s{i}").ToArray();
        var rules = stages.Select(static s => $$"""{"stage":"{{s}}","event":"{{StageEvent(s)}}"}""")
            .Concat(occurrenceRules.Select(static r => $$"""{"stage":"s1","event":"{{r.Event}}","occurrence":{{r.Occurrence}}}"""));
        return FunnelDefinitionLoader.Parse(
            $$"""{"id":"f","stages":[{{string.Join(",", stages.Select(static s => $"\"{s}\""))}}],"rules":[{{string.Join(",", rules)}}]}""",
            "f.json");
    }
}
