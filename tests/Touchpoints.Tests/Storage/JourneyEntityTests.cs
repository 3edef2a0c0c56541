using Azure;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>A record larger than one 64 KiB binary property is split over several, and shrinking clears the rest.</summary>
public sealed class JourneyEntityTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ToEntity_WhenRecordIsOver64KiB_SplitsItAndReadsItBack()
    {
        // Arrange: the worst case the record's bounds allow: 32 stages and full histories, every id 256 multi-byte characters.
        var (funnel, record) = LargeRecord();
        var bytes = JourneyRecordCodec.Encode(record);
        Assert.InRange(bytes.Length, JourneyEntity.MaxChunkBytes + 1, 2 * JourneyEntity.MaxChunkBytes);
        var table = await CreateTableAsync();

        // Act
        await table.AddEntityAsync(JourneyEntity.ToEntity("b000", "j|big|u:x", record, funnel.Stages, 0, default), TestContext.Current.CancellationToken);
        var stored = (await table.GetEntityAsync<TableEntity>("b000", "j|big|u:x", cancellationToken: TestContext.Current.CancellationToken)).Value;

        // Assert
        var (read, chunks) = JourneyEntity.FromEntity(stored);
        Assert.Equal(2, chunks);
        Assert.Equal(bytes, JourneyRecordCodec.Encode(read));
    }

    [Fact]
    public async Task ToEntity_WhenRecordShrinksBelowItsChunks_EmptiesTheStaleOnesOnMerge()
    {
        // Arrange: a two-chunk row, then a one-chunk record merged over it.
        var (funnel, large) = LargeRecord();
        var table = await CreateTableAsync();
        var added = await table.AddEntityAsync(JourneyEntity.ToEntity("b000", "j|big|u:x", large, funnel.Stages, 0, default), TestContext.Current.CancellationToken);
        var small = new JourneyRecord(funnel, "x", isAnonymous: false);
        small.Apply(new Touchpoint { MessageId = "m", Type = TouchpointType.Page, UserId = "x", Timestamp = Day }, funnel);

        // Act
        await table.UpdateEntityAsync(JourneyEntity.ToEntity("b000", "j|big|u:x", small, funnel.Stages, previousChunks: 2, added.Headers.ETag!.Value), added.Headers.ETag!.Value, TableUpdateMode.Merge, TestContext.Current.CancellationToken);
        var stored = (await table.GetEntityAsync<TableEntity>("b000", "j|big|u:x", cancellationToken: TestContext.Current.CancellationToken)).Value;

        // Assert: no stale bytes of the old second chunk are read back.
        Assert.Equal(JourneyRecordCodec.Encode(small), JourneyRecordCodec.Encode(JourneyEntity.FromEntity(stored).Record));
    }

    private static (FunnelDefinition Funnel, JourneyRecord Record) LargeRecord()
    {
        var stages = Enumerable.Range(0, FunnelDefinition.MaxStages).Select(static i => $"s{i}").ToArray();
        var rules = string.Join(",", stages.Select(static s => $$"""{"stage":"{{s}}","event":"E-{{s}}"}"""));
        var funnel = FunnelDefinitionLoader.Parse($$"""{"id":"big","stages":[{{string.Join(",", stages.Select(static s => $"\"{s}\""))}}],"rules":[{{rules}}]}""", "big.json");
        var record = new JourneyRecord(funnel, new string('ü', 256), isAnonymous: false);
        for (var i = 0; i < stages.Length; i++)
        {
            record.Apply(
                new Touchpoint { MessageId = $"{i:D2}" + new string('€', 254), Type = TouchpointType.Track, Event = $"E-{stages[i]}", UserId = "x", Timestamp = Day.AddMinutes(i) },
                funnel);
        }

        // And the bounded histories full of the longest ids: survey answers and segment changes.
        for (var i = 0; i < JourneyRecord.MaxSurveyAnswers; i++)
        {
            record.Apply(
                new Touchpoint { MessageId = $"s{i:D2}" + new string('€', 253), Type = TouchpointType.Track, Event = "Survey", UserId = "x", Timestamp = Day.AddHours(i), Nps = 9, Segment = new string('ß', TouchpointLimits.MaxSegmentLength - 2) + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) },
                funnel);
        }

        return (funnel, record);
    }

    private async Task<TableClient> CreateTableAsync()
    {
        var table = azurite.Server.CreateTableServiceClient().GetTableClient(AzuriteServer.UniqueTableName());
        await table.CreateAsync(TestContext.Current.CancellationToken);
        return table;
    }
}
