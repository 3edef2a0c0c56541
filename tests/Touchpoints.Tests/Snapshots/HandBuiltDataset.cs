using Touchpoints.Journeys;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

/// <summary>
/// Seven customers counted on <see cref="Day"/> (UTC) and one who arrives after it, built so every figure of the day's
/// snapshot can be worked out by hand (the expected values are in <c>FunnelDayAggregatorTests</c>).
/// </summary>
internal static class HandBuiltDataset
{
    /// <summary>The day: 2026-03-10, UTC.</summary>
    public static readonly DateOnly Date = new(2026, 3, 10);

    /// <summary>The day's first instant.</summary>
    public static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<JourneyRecord> Records()
    {
        var funnel = DefaultFunnel;
        return
        [
            // c1: ads first touch 5 days before; considers 2 h later; buys today by email; "vip" since 3 days before.
            Journey(funnel, "c1",
                Message("c1", Day.AddDays(-5).AddHours(10), type: "page", channel: "ads"),
                Message("c1", Day.AddDays(-5).AddHours(12), "Product Viewed"),
                Message("c1", Day.AddDays(-3), type: "identify", traits: """{"segment":"vip"}"""),
                Message("c1", Day.AddHours(9), "Order Completed", channel: "email")),

            // c2: opened one email 20 days before and nothing since: stalled in awareness.
            Journey(funnel, "c2", Message("c2", Day.AddDays(-20).AddHours(8), "Email Opened", channel: "email")),

            // c3: arrives by social at 23:30 and answers NPS 10 at 23:45: reaches advocacy (and everything before) today.
            Journey(funnel, "c3",
                Message("c3", Day.AddHours(23.5), type: "page", channel: "social"),
                Message("c3", Day.AddHours(23.75), "Survey Answered", channel: "social", properties: """{"nps":10}""")),

            // c4: search, first order yesterday on the web, second order today (retention); NPS 3 and CSAT 4 today;
            // "smb" since yesterday, "enterprise" only tomorrow.
            Journey(funnel, "c4",
                Message("c4", Day.AddDays(-2).AddHours(10), type: "page", channel: "search"),
                Message("c4", Day.AddDays(-1).AddHours(10), "Order Completed", channel: "web"),
                Message("c4", Day.AddDays(-1).AddHours(11), type: "identify", traits: """{"segment":"smb"}"""),
                Message("c4", Day.AddHours(10), "Order Completed", channel: "web"),
                Message("c4", Day.AddHours(11), "Survey Answered", properties: """{"nps":3}"""),
                Message("c4", Day.AddHours(12), "Survey Answered", properties: """{"csat":4}"""),
                Message("c4", Day.AddDays(1).AddHours(9), type: "identify", traits: """{"segment":"enterprise"}""")),

            // c5: first seen tomorrow: not counted today.
            Journey(funnel, "c5", Message("c5", Day.AddDays(1).AddHours(2), type: "page", channel: "direct")),

            // c6: an anonymous visitor today.
            Journey(funnel, "anon-6", Message("anon-6", Day.AddHours(8), type: "page", channel: "web", anonymous: true)),

            // c7: only an identify yesterday: known, in segment "smb", in no stage.
            Journey(funnel, "c7", Message("c7", Day.AddDays(-1), type: "identify", channel: "email", traits: """{"segment":"smb"}""")),

            // c8: a page yesterday and a passive NPS answer (8) today, which reaches no stage.
            Journey(funnel, "c8",
                Message("c8", Day.AddDays(-1).AddHours(9), type: "page", channel: "web"),
                Message("c8", Day.AddHours(14), "Survey Answered", properties: """{"nps":8}""")),
        ];
    }
}
