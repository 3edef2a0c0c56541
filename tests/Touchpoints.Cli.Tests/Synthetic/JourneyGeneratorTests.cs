using System.Text;
using Touchpoints.Cli.Synthetic;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Cli.Tests.Synthetic;

/// <summary>
/// The synthetic data the main job feeds the pipeline: seeded and repeatable, every message valid Segment input, in
/// event-time order within the requested days, and journeys that exercise the whole default funnel (every stage
/// reached and every stage someone's last) with identities linked and surveys answered.
/// </summary>
public sealed class JourneyGeneratorTests
{
    private static readonly DateOnly End = new(2026, 3, 31);

    [Fact]
    public void Generate_WhenTheSameArguments_ThenTheSameMessages()
    {
        var first = new JourneyGenerator(seed: 7, customers: 200, days: 30, End).Generate();
        var second = new JourneyGenerator(seed: 7, customers: 200, days: 30, End).Generate();
        var other = new JourneyGenerator(seed: 8, customers: 200, days: 30, End).Generate();

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(static m => m.Json), other.Select(static m => m.Json));
    }

    [Fact]
    public void Generate_WhenMoreCustomers_ThenTheFirstOnesAreUnchanged()
    {
        var few = new JourneyGenerator(seed: 7, customers: 50, days: 30, End).Generate();
        var more = new JourneyGenerator(seed: 7, customers: 100, days: 30, End).Generate();

        Assert.Empty(few.Except(more));
    }

    [Fact]
    public void Generate_EveryMessageIsValidAndInOrderWithinTheDays()
    {
        var generator = new JourneyGenerator(seed: 11, customers: 300, days: 30, End);
        var messages = generator.Generate();
        var start = new DateTimeOffset(generator.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var end = new DateTimeOffset(End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

        Assert.True(messages.Count > 300 * 3, $"{messages.Count} messages");
        for (var i = 0; i < messages.Count; i++)
        {
            var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes(messages[i].Json), null, DateTimeOffset.UnixEpoch);
            Assert.True(payload.IsValid, $"message {i} is invalid: {string.Join("; ", payload.Errors.Select(static e => $"{e.Field}: {e.Message}"))}\n{messages[i].Json}");
            var touchpoint = Assert.Single(payload.Touchpoints);
            Assert.Equal(messages[i].AtMs, touchpoint.Timestamp.ToUnixTimeMilliseconds());
            Assert.InRange(messages[i].AtMs, start, end - 1);
            Assert.True(i == 0 || messages[i - 1].AtMs <= messages[i].AtMs, $"message {i} is earlier than the one before it");
        }

        Assert.Equal(messages.Count, messages.Select(static m => TouchpointReader.Read(Encoding.UTF8.GetBytes(m.Json), null, DateTimeOffset.UnixEpoch).Touchpoints[0].MessageId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generate_JourneysCoverTheWholeDefaultFunnel()
    {
        // Arrange: the default funnel, and every message applied to its customer (anonymous ids follow their identify).
        var funnel = FunnelDefinitionLoader.Load(RepositoryPaths.Combine("funnels", "default.json"))[0];
        var touchpoints = new JourneyGenerator(seed: 3, customers: 1000, days: 30, End).Generate()
            .Select(static m => TouchpointReader.Read(Encoding.UTF8.GetBytes(m.Json), null, DateTimeOffset.UnixEpoch).Touchpoints[0])
            .ToList();
        var links = touchpoints.Where(static t => t.Type == TouchpointType.Identify && t.UserId is not null && t.AnonymousId is not null)
            .GroupBy(static t => t.AnonymousId!)
            .ToDictionary(static g => g.Key, static g => g.First().UserId!, StringComparer.Ordinal);

        // Act
        var records = new Dictionary<string, JourneyRecord>(StringComparer.Ordinal);
        foreach (var touchpoint in touchpoints)
        {
            var customer = touchpoint.UserId ?? links.GetValueOrDefault(touchpoint.AnonymousId!) ?? touchpoint.AnonymousId!;
            if (!records.TryGetValue(customer, out var record))
            {
                records[customer] = record = new JourneyRecord(funnel, customer, isAnonymous: touchpoint.UserId is null && !links.ContainsKey(touchpoint.AnonymousId!));
            }

            record.Apply(touchpoint, funnel);
        }

        // Assert: identities were linked, every stage is somebody's furthest (so each has drop-off), surveys were answered.
        Assert.NotEmpty(links);
        Assert.Equal(1000, records.Count);
        var furthest = records.Values.CountBy(static r => r.FurthestStage).ToDictionary();
        for (var stage = 0; stage < funnel.Stages.Count; stage++)
        {
            Assert.True(furthest.GetValueOrDefault(stage) > 0, $"nobody stopped at stage {stage} ({funnel.Stages[stage]})");
        }

        Assert.Contains(records.Values, static r => r.LatestNps is not null);
        Assert.Contains(records.Values, static r => r.LatestCsat is not null);
    }
}
