using System.Text.Json;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Snapshots;

/// <summary>
/// The <see cref="FunnelModeDataset"/> through the real write path (a journey writer on Azurite) and the real snapshot
/// job, read back from the funnel.json it stores. Every expected figure is worked out by hand in the comments.
/// </summary>
public sealed class FunnelModeTests(AzuriteFixture azurite)
{
    private const int A = 0, B = 1, C = 2, D = 3;

    [Fact]
    public async Task RunAsync_WhenClosedFunnelAndAStageIsSkipped_CountsItAsImpliedAndLeavesItOutOfTimes()
    {
        // Act
        var stages = await SnapshotStagesAsync(FunnelModeDataset.Closed);

        // Assert: reached a {u1..u5; u3 implied by b}, b {u1, u2 implied by c, u3, u5}, c {u1, u2}, d {u1}.
        Assert.Equal([5L, 4, 2, 1], Longs(stages, "reached"));
        Assert.Equal([1L, 1, 0, 0], Longs(stages, "implied"));
        Assert.Equal([1L, 2, 1, 1], Longs(stages, "current"));
        Assert.Equal([1L, 2, 0, 0], Longs(stages, "stalled"));
        Assert.Equal([0L, 0, 0, 1], Longs(stages, "entered"));
        Assert.Equal([0L, 5, 4, 2], Longs(stages, "eligible"));
        Assert.Equal([0L, 4, 2, 1], Longs(stages, "converted"));
        Assert.Equal([null, 0.8, 0.5, 0.5], Conversions(stages));

        // Times only between real visits: b {u1 1 h, u5 10 d} (u2's b is implied, u3's a is); c {u1 2 h} (u2 came from an
        // implied b); d {u1 45.5 h}. Medians are the nearest-rank ones of the sketch (within 1%).
        AssertTime(stages[B], 2, 3600, 864_000);
        AssertTime(stages[C], 1, 7200, 7200);
        AssertTime(stages[D], 1, 163_800, 163_800);

        // Drop-off: u4 stalled in a after A by ads; u1 (ads), u2 and u5 (web) moved on after A, u3's a was implied:
        // lift of (A, ads) = (1/1) ÷ (1/3) = 3. In b, u3 (email) and u5 (search) stalled and only u1 (web) moved on.
        Assert.Equal((1L, 3L), DropOffTotals(stages[A]));
        Assert.Equal(["A|ads|1|1|3"], Reasons(stages[A]));
        Assert.Equal((2L, 1L), DropOffTotals(stages[B]));
        Assert.Equal(["B|email|1|0|null", "B|search|1|0|null"], Reasons(stages[B]));
        Assert.Equal((0L, 1L), DropOffTotals(stages[C]));
        Assert.Empty(Reasons(stages[C]));

        // Satisfaction by the stage before the answer: u1's NPS 10 in d, u2's CSAT 2 in c.
        Assert.Equal("1|1|0|0|100", Nps(stages[D]));
        Assert.Equal("1|2|0|0|1|0", Csat(stages[C]));
        Assert.Equal("0|0|0|0|null", Nps(stages[C]));
        Assert.Equal("0|null|0|0|0|null", Csat(stages[D]));
    }

    [Fact]
    public async Task RunAsync_WhenOpenFunnel_CountsOnlyWhatHappenedInEachStage()
    {
        // Act
        var stages = await SnapshotStagesAsync(FunnelModeDataset.Open);

        // Assert: reached by real visits only: a {u1, u2, u4, u5}, b {u1, u3, u5}, c {u1, u2}, d {u1}; nothing implied.
        Assert.Equal([4L, 3, 2, 1], Longs(stages, "reached"));
        Assert.Equal([0L, 0, 0, 0], Longs(stages, "implied"));
        Assert.Equal([1L, 2, 1, 1], Longs(stages, "current"));

        // Steps from the previous stage's visitors: b 2 of {u1, u2, u4, u5}; c 1 of {u1, u3, u5} (u2 entered c without b);
        // d 1 of {u1, u2}.
        Assert.Equal([0L, 4, 3, 2], Longs(stages, "eligible"));
        Assert.Equal([0L, 2, 1, 1], Longs(stages, "converted"));
        Assert.Equal([null, 0.5, 0.3333, 0.5], Conversions(stages));
        AssertTime(stages[B], 2, 3600, 864_000);
        AssertTime(stages[C], 1, 7200, 7200);
        AssertTime(stages[D], 1, 163_800, 163_800);
        Assert.Equal(["A|ads|1|1|3"], Reasons(stages[A]));
        Assert.Equal("1|1|0|0|100", Nps(stages[D]));
    }

    [Fact]
    public async Task RunAsync_WhenAnOptionalStageIsSkipped_LeavesTheSkippersOutOfItsStepAndMeasuresTheNextFromBefore()
    {
        // Act
        var stages = await SnapshotStagesAsync(FunnelModeDataset.OptionalB);

        // Assert: b is never implied: reached b {u1, u3, u5}; u2 skipped it. a is implied for u3 (entered at b).
        Assert.Equal([false, true, false, false], stages.Select(static s => s.GetProperty("optional").GetBoolean()));
        Assert.Equal([5L, 3, 2, 1], Longs(stages, "reached"));
        Assert.Equal([1L, 0, 0, 0], Longs(stages, "implied"));
        Assert.Equal([0L, 1, 0, 0], Longs(stages, "skipped"));

        // b: 3 of the 4 who reached a and did not skip b. c: from b for u1, u3, u5, from a for u2 and u4: 2 of 5.
        Assert.Equal([0L, 4, 5, 2], Longs(stages, "eligible"));
        Assert.Equal([0L, 3, 2, 1], Longs(stages, "converted"));
        Assert.Equal([null, 0.75, 0.4, 0.5], Conversions(stages));

        // c's times: u1 from b (2 h) and u2 from a (2 h); no 0 s step through a stage u2 never visited.
        AssertTime(stages[B], 2, 3600, 864_000);
        AssertTime(stages[C], 2, 7200, 7200);
        AssertTime(stages[D], 1, 163_800, 163_800);
    }

    [Fact]
    public async Task RunAsync_WhenStepTakesLongerThanTheWindow_DoesNotCountItAsConverting()
    {
        // Act
        var stages = await SnapshotStagesAsync(FunnelModeDataset.Windowed);

        // Assert: reached as in the closed funnel, but u5 took 10 days from a to b, over the 7-day window: b converts 3 of 5
        // (u2's implied b counts from its real a, 2 h before; u3 has no real stage before b to measure from).
        Assert.Equal([5L, 4, 2, 1], Longs(stages, "reached"));
        Assert.Equal([0L, 5, 4, 2], Longs(stages, "eligible"));
        Assert.Equal([0L, 3, 2, 1], Longs(stages, "converted"));
        Assert.Equal([null, 0.6, 0.5, 0.5], Conversions(stages));
        AssertTime(stages[B], 1, 3600, 3600);
    }

    [Fact]
    public async Task RunAsync_WhenDefinitionsDiffer_EachSnapshotKeepsTheHashItWasMadeWith()
    {
        // Act
        var harness = await WriteAsync();
        await harness.Job.RunAsync("windowed", FunnelModeDataset.Date, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await harness.ReadAsync("windowed/2026/03/10/funnel.json"));

        // Assert
        var root = document.RootElement;
        Assert.Equal(FunnelModeDataset.Windowed.Hash, root.GetProperty("definitionHash").GetString());
        Assert.NotEqual(FunnelModeDataset.Closed.Hash, FunnelModeDataset.Windowed.Hash);
        Assert.Equal("P7D", root.GetProperty("funnel").GetProperty("conversionWindow").GetString());
        Assert.Equal("closed", root.GetProperty("funnel").GetProperty("mode").GetString());
    }

    private async Task<SnapshotJobHarness> WriteAsync()
    {
        var harness = new SnapshotJobHarness(azurite, FunnelModeDataset.All);
        var writer = new JourneyWriter(new JourneyTable(harness.Table, SnapshotJobHarness.Buckets), new FunnelCatalog(FunnelModeDataset.All));
        var applied = await writer.WriteAsync(FunnelModeDataset.Touchpoints(), TestContext.Current.CancellationToken);
        Assert.All(applied, Assert.True);
        return harness;
    }

    private async Task<JsonElement[]> SnapshotStagesAsync(FunnelDefinition funnel)
    {
        var harness = await WriteAsync();
        var result = await harness.Job.RunAsync(funnel.Id, FunnelModeDataset.Date, TestContext.Current.CancellationToken);
        Assert.Equal(5, result.RecordsScanned);
        using var document = JsonDocument.Parse(await harness.ReadAsync($"{funnel.Id}/2026/03/10/funnel.json"));
        Assert.Equal(funnel.Mode == FunnelMode.Open ? "open" : "closed", document.RootElement.GetProperty("funnel").GetProperty("mode").GetString());
        return [.. document.RootElement.GetProperty("stages").EnumerateArray().Select(static s => s.Clone())];
    }

    private static long[] Longs(JsonElement[] stages, string name) => [.. stages.Select(s => s.GetProperty(name).GetInt64())];

    private static double?[] Conversions(JsonElement[] stages) =>
        [.. stages.Select(static s => s.GetProperty("conversion") is { ValueKind: JsonValueKind.Number } c ? c.GetDouble() : (double?)null)];

    private static void AssertTime(JsonElement stage, long count, double median, double p90)
    {
        var time = stage.GetProperty("timeToReach");
        Assert.Equal(count, time.GetProperty("count").GetInt64());
        AssertSeconds(median, time.GetProperty("median").GetDouble());
        AssertSeconds(p90, time.GetProperty("p90").GetDouble());
    }

    private static void AssertSeconds(double expected, double actual) =>
        Assert.InRange(actual, (expected * (1 - DurationSketch.RelativeAccuracy)) - 0.1, (expected * (1 + DurationSketch.RelativeAccuracy)) + 0.1);

    private static (long Stalled, long MovedOn) DropOffTotals(JsonElement stage)
    {
        var dropOff = stage.GetProperty("dropOffReasons");
        return (dropOff.GetProperty("stalled").GetInt64(), dropOff.GetProperty("movedOn").GetInt64());
    }

    private static string[] Reasons(JsonElement stage) =>
        [.. stage.GetProperty("dropOffReasons").GetProperty("reasons").EnumerateArray().Select(static r =>
            $"{r.GetProperty("event").GetString()}|{r.GetProperty("channel").GetString()}|{r.GetProperty("stalled")}|{r.GetProperty("movedOn")}|{r.GetProperty("lift").GetRawText()}")];

    private static string Nps(JsonElement stage)
    {
        var nps = stage.GetProperty("satisfaction").GetProperty("nps");
        return $"{nps.GetProperty("responses")}|{nps.GetProperty("promoters")}|{nps.GetProperty("passives")}|{nps.GetProperty("detractors")}|{nps.GetProperty("score").GetRawText()}";
    }

    private static string Csat(JsonElement stage)
    {
        var csat = stage.GetProperty("satisfaction").GetProperty("csat");
        return $"{csat.GetProperty("responses")}|{csat.GetProperty("average").GetRawText()}|{csat.GetProperty("satisfied")}|{csat.GetProperty("neutral")}|{csat.GetProperty("dissatisfied")}|{csat.GetProperty("score").GetRawText()}";
    }
}
