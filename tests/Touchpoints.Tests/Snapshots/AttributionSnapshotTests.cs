using System.Text;
using System.Text.Json;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

/// <summary>
/// Attribution through the real path: Segment messages read (UTM parsing and channel inference included), written by
/// the journey writer to Azurite, then the snapshot job's scan and files. Three customers whose first-touch, last-touch
/// and converting channel and campaign per stage are worked out by hand in the comments.
/// </summary>
public sealed class AttributionSnapshotTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Date = new(2026, 3, 10);
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    // a1: ads/spring (UTM in the page URL) → email/march-news (campaign object) → search (Google referrer) → order by
    //     internal navigation (direct). Awareness: all three models ads/spring. Consideration: last email/march-news,
    //     converting search/(none). Purchase: last search/(none), converting direct/(none).
    // b2: social/spring (utm_source=facebook, no medium) → order with context.channel email and campaign winback.
    //     Awareness: social/spring throughout. Consideration and purchase (reached by the order): last social/spring,
    //     converting email/winback.
    // c3 (delivered newest first): referral (an unknown site's referrer) → Product Viewed from bing/spring (search) →
    //     an order tomorrow, not counted today. Awareness: referral/(none) throughout. Consideration: last
    //     referral/(none), converting search/spring.
    private static string[] A1 =>
    [
        Message("a1", "a1-1", Day.AddDays(-3).AddHours(10), "page", null, """{"page":{"url":"https://shop.example/landing?utm_source=google&utm_medium=cpc&utm_campaign=spring"}}"""),
        Message("a1", "a1-2", Day.AddDays(-2).AddHours(10), "track", "Email Link Clicked", """{"campaign":{"source":"newsletter","medium":"email","name":"march-news"}}"""),
        Message("a1", "a1-3", Day.AddDays(-1).AddHours(10), "track", "Product Viewed", """{"page":{"url":"https://shop.example/p/1","referrer":"https://www.google.co.uk/search?q=shoes"}}"""),
        Message("a1", "a1-4", Day.AddHours(9), "track", "Order Completed", """{"page":{"url":"https://shop.example/checkout","referrer":"https://shop.example/cart"}}"""),
    ];

    private static string[] B2 =>
    [
        Message("b2", "b2-1", Day.AddDays(-1).AddHours(12), "page", null, """{"page":{"url":"https://shop.example/?utm_source=facebook&utm_campaign=spring"}}"""),
        Message("b2", "b2-2", Day.AddHours(8), "track", "Order Completed", """{"channel":"email","campaign":{"name":"winback"}}"""),
    ];

    private static string[] C3 =>
    [
        Message("c3", "c3-3", Day.AddDays(1).AddHours(9), "track", "Order Completed", """{"campaign":{"source":"newsletter","medium":"email","name":"late"}}"""),
        Message("c3", "c3-2", Day.AddDays(-4).AddHours(10), "track", "Product Viewed", """{"campaign":{"source":"bing","name":"spring"}}"""),
        Message("c3", "c3-1", Day.AddDays(-4).AddHours(9), "page", null, """{"page":{"url":"https://shop.example/","referrer":"https://news.example.org/article"}}"""),
    ];

    [Fact]
    public async Task RunAsync_WhenHandBuiltJourneysAreStored_ThenAttributionIsExactlyTheHandWorkedFigures()
    {
        // Arrange
        var harness = new SnapshotJobHarness(azurite, [DefaultFunnel]);
        await harness.Table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        var writer = new JourneyWriter(new JourneyTable(harness.Table, SnapshotJobHarness.Buckets), new FunnelCatalog([DefaultFunnel]));
        await writer.WriteAsync(Read(A1.Concat(B2)), TestContext.Current.CancellationToken);
        foreach (var message in C3)
        {
            await writer.WriteAsync(Read([message]), TestContext.Current.CancellationToken);
        }

        // Act
        await harness.Job.RunAsync("default", Date, TestContext.Current.CancellationToken);

        // Assert
        using var document = JsonDocument.Parse(await harness.ReadAsync("default/2026/03/10/funnel.json"));
        var stages = document.RootElement.GetProperty("attribution").GetProperty("stages");
        Assert.Equal(10, document.RootElement.GetProperty("attribution").GetProperty("topCampaigns").GetInt32());

        var awareness = stages[0];
        foreach (var model in new[] { "firstTouch", "lastTouch", "converting" })
        {
            Assert.Equal("social=1 ads=1 referral=1", Counts(awareness, model, "channels"));
            Assert.Equal("spring=2 (none)=1", Counts(awareness, model, "campaigns"));
        }

        var consideration = stages[1];
        Assert.Equal("social=1 ads=1 referral=1", Counts(consideration, "firstTouch", "channels"));
        Assert.Equal("email=1 social=1 referral=1", Counts(consideration, "lastTouch", "channels"));
        Assert.Equal("march-news=1 spring=1 (none)=1", Counts(consideration, "lastTouch", "campaigns"));
        Assert.Equal("email=1 search=2", Counts(consideration, "converting", "channels"));
        Assert.Equal("spring=1 winback=1 (none)=1", Counts(consideration, "converting", "campaigns"));

        var purchase = stages[2];
        Assert.Equal("purchase", purchase.GetProperty("name").GetString());
        Assert.Equal("social=1 ads=1", Counts(purchase, "firstTouch", "channels"));
        Assert.Equal("spring=2", Counts(purchase, "firstTouch", "campaigns"));
        Assert.Equal("social=1 search=1", Counts(purchase, "lastTouch", "channels"));
        Assert.Equal("spring=1 (none)=1", Counts(purchase, "lastTouch", "campaigns"));
        Assert.Equal("direct=1 email=1", Counts(purchase, "converting", "channels"));
        Assert.Equal("winback=1 (none)=1", Counts(purchase, "converting", "campaigns"));
        Assert.Equal(string.Empty, Counts(stages[3], "converting", "channels"));

        var csv = Encoding.UTF8.GetString(await harness.ReadAsync("default/2026/03/10/funnel.csv"));
        Assert.Contains("2,default,2026-03-10,UTC,attribution_converting_campaign,winback,2,purchase,,1,,,,,,,,,,,,,,,\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("2,default,2026-03-10,UTC,attribution_last_touch_channel,email,1,consideration,,1,,,,,,,,,,,,,,,\r\n", csv, StringComparison.Ordinal);
        var svg = Encoding.UTF8.GetString(await harness.ReadAsync("default/2026/03/10/funnel.svg"));
        Assert.Contains("Who reached purchase, credited to", svg, StringComparison.Ordinal);
        Assert.Contains("converting: direct 1, email 1  ·  campaigns: (none) 1, winback 1", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSnapshot_WhenMoreCampaignsThanTheTopN_ThenTheRestAreOther()
    {
        // Arrange: the same journeys applied in memory, every order of C3 giving the same record.
        var aggregator = new FunnelDayAggregator(SnapshotDay.Of(Date, TimeZoneInfo.Utc), DefaultFunnel, 14);
        foreach (var (customer, messages) in new[] { ("a1", A1), ("b2", B2), ("c3", C3) })
        {
            var record = new JourneyRecord(DefaultFunnel, customer, isAnonymous: false);
            foreach (var touchpoint in Read(messages))
            {
                record.Apply(touchpoint, DefaultFunnel);
            }

            aggregator.Add(record);
        }

        // Act
        var attribution = aggregator.ToSnapshot(DefaultFunnel, "UTC", 14, topCampaigns: 1).Attribution;

        // Assert: march-news and spring tie at 1; ordinal order keeps march-news, spring goes to (other).
        Assert.Equal(
            ["march-news=1", "(other)=1", "(none)=1"],
            attribution.Stages[1].LastTouch.Campaigns.Select(static c => $"{c.Key}={c.Count}"));
    }

    private static List<Touchpoint> Read(IEnumerable<string> messages) =>
        [.. messages.Select(static m => Assert.Single(TouchpointReader.Read(Encoding.UTF8.GetBytes(m), null, Day.AddDays(2)).Touchpoints))];

    private static string Counts(JsonElement stage, string model, string dimension) =>
        string.Join(' ', stage.GetProperty(model).GetProperty(dimension).EnumerateArray().Select(static c => $"{c.GetProperty("key").GetString()}={c.GetProperty("customers").GetInt64()}"));

    private static string Message(string user, string id, DateTimeOffset at, string type, string? @event, string context) =>
        $$"""{"type":"{{type}}","userId":"{{user}}","messageId":"{{id}}","timestamp":"{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}}Z",{{(@event is null ? "\"name\":\"Home\"" : $"\"event\":\"{@event}\"")}},"context":{{context}}}""";
}
