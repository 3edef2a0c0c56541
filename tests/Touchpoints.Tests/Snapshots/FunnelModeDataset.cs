using Touchpoints.Ingest;
using Touchpoints.Journeys;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

/// <summary>
/// Five customers through a four-stage funnel (a, b, c, d; one event each), read as a closed, an open, an optional-b and
/// a 7-day-window funnel, built so every figure of 2026-03-10 (UTC, 14 stalled days) is known by hand
/// (<see cref="FunnelModeTests"/> works each one out).
/// </summary>
internal static class FunnelModeDataset
{
    /// <summary>The day: 2026-03-10, UTC.</summary>
    public static readonly DateOnly Date = new(2026, 3, 10);

    /// <summary>The day's first instant.</summary>
    public static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    public static FunnelDefinition Closed { get; } = Funnel("closed", "\"a\", \"b\"", string.Empty);

    public static FunnelDefinition Open { get; } = Funnel("open", "\"a\", \"b\"", "\"mode\": \"open\",");

    public static FunnelDefinition OptionalB { get; } = Funnel("optional", "\"a\", { \"name\": \"b\", \"optional\": true }", string.Empty);

    public static FunnelDefinition Windowed { get; } = Funnel("windowed", "\"a\", \"b\"", "\"conversionWindow\": \"P7D\",");

    public static IReadOnlyList<FunnelDefinition> All => [Closed, Open, OptionalB, Windowed];

    public static IReadOnlyList<Touchpoint> Touchpoints() =>
    [
        // u1: every stage in order, by ads first; d today; a promoter NPS answer today, after reaching d.
        Message("u1", Day.AddDays(-2), "A", channel: "ads"),
        Message("u1", Day.AddDays(-2).AddHours(1), "B"),
        Message("u1", Day.AddDays(-2).AddHours(3), "C"),
        Message("u1", Day.AddMinutes(30), "D"),
        Message("u1", Day.AddHours(1), "Survey Answered", properties: """{"nps":10}"""),

        // u2: skips b (a, then c two hours later); a dissatisfied CSAT answer today, in c.
        Message("u2", Day.AddDays(-3), "A"),
        Message("u2", Day.AddDays(-3).AddHours(2), "C"),
        Message("u2", Day.AddHours(5), "Survey Answered", properties: """{"csat":2}"""),

        // u3: enters at b by email 40 days ago, nothing since: stalled in b.
        Message("u3", Day.AddDays(-40), "B", channel: "email"),

        // u4: a by ads 30 days ago, nothing since: stalled in a.
        Message("u4", Day.AddDays(-30), "A", channel: "ads"),

        // u5: a, then b by search ten days later (outside a 7-day window), nothing for 16 days: stalled in b.
        Message("u5", Day.AddDays(-25), "A"),
        Message("u5", Day.AddDays(-15), "B", channel: "search"),
    ];

    private static FunnelDefinition Funnel(string id, string firstStages, string settings) => FunnelDefinitionLoader.Parse(
        $$"""
        { "id": "{{id}}", {{settings}} "conversionStage": "c",
          "stages": [{{firstStages}}, "c", "d"],
          "rules": [ { "stage": "a", "event": "A" }, { "stage": "b", "event": "B" }, { "stage": "c", "event": "C" }, { "stage": "d", "event": "D" } ] }
        """,
        $"{id}.json");
}
