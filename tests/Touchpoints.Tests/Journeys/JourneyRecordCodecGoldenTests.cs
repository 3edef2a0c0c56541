using System.Text;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Tests.Snapshots;
using Xunit;

namespace Touchpoints.Tests.Journeys;

/// <summary>
/// The stored journey record, pinned byte for byte: revision 2 as written today, and revision 1 as written before,
/// which records already in tables hold and which must keep decoding. A change of the encoding is a new revision and a
/// deliberate new golden file, never an accident.
/// </summary>
public sealed class JourneyRecordCodecGoldenTests
{
    // Fixed message ids and times: the record must be the same on every run, whatever else the tests built before.
    private static readonly string[] Messages =
    [
        """{"type":"page","userId":"c-golden","messageId":"g-1","timestamp":"2026-03-08T10:00:00Z","name":"Home","context":{"channel":"search"}}""",
        """{"type":"track","userId":"c-golden","messageId":"g-2","timestamp":"2026-03-09T10:00:00Z","event":"Order Completed","context":{"channel":"web"}}""",
        """{"type":"identify","userId":"c-golden","messageId":"g-3","timestamp":"2026-03-09T11:00:00Z","traits":{"segment":"smb"}}""",
        """{"type":"track","userId":"c-golden","messageId":"g-4","timestamp":"2026-03-10T10:00:00Z","event":"Order Completed","context":{"channel":"email"}}""",
        """{"type":"track","userId":"c-golden","messageId":"g-5","timestamp":"2026-03-10T11:00:00Z","event":"Survey Answered","properties":{"nps":9,"csat":4}}""",
    ];

    private static JourneyRecord Record()
    {
        var record = new JourneyRecord(SnapshotTestData.DefaultFunnel, "c-golden", isAnonymous: false);
        foreach (var message in Messages)
        {
            var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes(message), null, new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
            record.Apply(Assert.Single(payload.Touchpoints), SnapshotTestData.DefaultFunnel);
        }

        return record;
    }

    [Fact]
    public void Encode_WhenRecord_ThenTheGoldenRevision2Bytes()
    {
        var bytes = JourneyRecordCodec.Encode(Record());

        Assert.Equal(2, bytes[0]);
        GoldenFile.AssertMatches("journey-record-r2.hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes) + "\n"));
    }

    [Fact]
    public void Decode_WhenTheGoldenRevision2Bytes_ThenTheSameRecord()
    {
        var decoded = JourneyRecordCodec.Decode(Convert.FromHexString(Golden("journey-record-r2.hex")));

        Assert.Equal(JourneyRecordCodec.Encode(Record()), JourneyRecordCodec.Encode(decoded));
        Assert.Equal(3, decoded.StageTouchList.Count);
    }

    [Fact]
    public void Decode_WhenTheGoldenRevision1Bytes_ThenTheSameRecordWithoutStageTouches()
    {
        var decoded = JourneyRecordCodec.Decode(Convert.FromHexString(Golden("journey-record-r1.hex")));

        // Revision 1 kept no stage touches: everything else reads back as it was written.
        var expected = Record();
        expected.StageTouchList.Clear();
        Assert.Equal(JourneyRecordCodec.Encode(expected), JourneyRecordCodec.Encode(decoded));
        Assert.Equal("c-golden", decoded.CustomerId);
        Assert.Empty(decoded.StageTouchList);
    }

    private static string Golden(string name) =>
        File.ReadAllText(Touchpoints.Testing.RepositoryPaths.Combine("tests", "Touchpoints.Tests", "Golden", name)).Trim();
}
