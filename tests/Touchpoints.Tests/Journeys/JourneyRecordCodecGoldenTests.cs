using System.Text;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Tests.Snapshots;
using Xunit;

namespace Touchpoints.Tests.Journeys;

/// <summary>
/// Revisions 1 and 2 of the stored journey record, pinned byte for byte: records already in tables must keep decoding,
/// so a change of the encoding is a new revision and a deliberate change of the golden file, never an accident.
/// </summary>
public sealed class JourneyRecordCodecGoldenTests
{
    // Fixed message ids and times: the record must be the same on every run, whatever else the tests built before.
    private static readonly string[] Messages =
    [
        """{"type":"page","userId":"c-golden","messageId":"g-1","timestamp":"2026-03-08T10:00:00Z","name":"Home","context":{"channel":"search","campaign":{"source":"google","name":"spring"}}}""",
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
    public void EncodeAs_WhenRevision1_ThenTheGoldenBytes()
    {
        var bytes = JourneyRecordCodec.EncodeAs(Record(), 1);

        Assert.Equal(1, bytes[0]);
        GoldenFile.AssertMatches("journey-record-r1.hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes) + "\n"));
    }

    [Fact]
    public void Decode_WhenTheGoldenRevision1Bytes_ThenTheSameRecordWithoutAttributionTrail()
    {
        var hex = File.ReadAllText(Touchpoints.Testing.RepositoryPaths.Combine("tests", "Touchpoints.Tests", "Golden", "journey-record-r1.hex")).Trim();

        var decoded = JourneyRecordCodec.Decode(Convert.FromHexString(hex));

        Assert.Equal(JourneyRecordCodec.EncodeAs(Record(), 1), JourneyRecordCodec.EncodeAs(decoded, 1));
        Assert.Equal("c-golden", decoded.CustomerId);
        Assert.Empty(decoded.Trail.Window);
        Assert.Empty(decoded.StageTouchList);

        // A revision 1 record knows its marks' channels but not what came before a stage was reached.
        Assert.Equal("search", decoded.FirstTouch!.Value.ChannelName);
        Assert.Null(decoded.LastTouchBefore(decoded.ReachedAt[2]!.Value));
    }

    [Fact]
    public void Encode_WhenRevision2Record_ThenTheGoldenBytesAndTheyDecodeToTheSameRecord()
    {
        var bytes = JourneyRecordCodec.Encode(Record());

        Assert.Equal(2, bytes[0]);
        GoldenFile.AssertMatches("journey-record-r2.hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes) + "\n"));
        var decoded = JourneyRecordCodec.Decode(bytes);
        Assert.Equal(bytes, JourneyRecordCodec.Encode(decoded));
        Assert.Equal(3, decoded.StageTouchList.Count);
        Assert.Equal(new TouchAttribution(Channels.Code("search"), "spring"), decoded.FirstTouch);
        Assert.Equal(new TouchAttribution(Channels.Code("search"), "spring"), decoded.LastTouchBefore(decoded.ReachedAt[2]!.Value));
    }
}
