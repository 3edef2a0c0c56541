using System.Text;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

/// <summary>The hand-built day's <c>funnel.json</c> and <c>funnel.csv</c>, byte for byte: analysts' parsers depend on them.</summary>
public sealed class SnapshotGoldenFileTests
{
    private static FunnelSnapshot HandBuiltDay(IEnumerable<JourneyRecord>? extra = null)
    {
        var aggregator = new FunnelDayAggregator(SnapshotDay.Of(HandBuiltDataset.Date, TimeZoneInfo.Utc), DefaultFunnel, 14);
        foreach (var record in HandBuiltDataset.Records().Concat(extra ?? []))
        {
            aggregator.Add(record);
        }

        return aggregator.ToSnapshot(DefaultFunnel, "UTC", 14);
    }

    [Fact]
    public void SnapshotJsonWriter_WhenHandBuiltDay_ThenTheGoldenFunnelJson()
    {
        GoldenFile.AssertMatches("funnel-2026-03-10.json", SnapshotJsonWriter.Write(HandBuiltDay()));
    }

    [Fact]
    public void SnapshotCsvWriter_WhenHandBuiltDay_ThenTheGoldenFunnelCsv()
    {
        GoldenFile.AssertMatches("funnel-2026-03-10.csv", SnapshotCsvWriter.Write(HandBuiltDay()));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    public void SnapshotCsvWriter_WhenASegmentCouldRunAsAFormula_ThenItIsDefused(string segment)
    {
        // Arrange: a customer active on the day in a segment named like a spreadsheet formula.
        var hostile = Journey(DefaultFunnel, "formula",
            Message("formula", HandBuiltDataset.Day.AddHours(9), type: "identify", traits: $$"""{"segment":{{System.Text.Json.JsonSerializer.Serialize(segment)}}}"""),
            Message("formula", HandBuiltDataset.Day.AddHours(10), type: "page", channel: "web"));

        // Act
        var csv = Encoding.UTF8.GetString(SnapshotCsvWriter.Write(HandBuiltDay([hostile])));

        // Assert
        var cell = segment.Contains('"', StringComparison.Ordinal) ? "\"'" + segment.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : "'" + segment;
        Assert.Contains("," + cell + ",", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("," + segment + ",", csv, StringComparison.Ordinal);
    }
}
