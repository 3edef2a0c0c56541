using System.Text;
using System.Text.Json;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

/// <summary>The stored form of a touchpoint fits the 64 KiB binary property it is kept in, for every message the reader accepts.</summary>
public sealed class TouchpointJsonTests
{
    private const int MaxBinaryPropertyBytes = 64 * 1024;

    [Fact]
    public void MaxStoredBytes_FitsTheBinaryPropertyLimit() =>
        Assert.True(TouchpointJson.MaxStoredBytes <= MaxBinaryPropertyBytes, $"{TouchpointJson.MaxStoredBytes} bytes");

    [Fact]
    public void Serialize_WhenEveryFieldIsAtItsLongestInEmoji_StaysWithinTheBound()
    {
        // Arrange: emoji are 4 UTF-8 bytes and 2 UTF-16 characters, the worst ratio of escaped to sent bytes (12 to 4).
        static string Emoji(int characters) => string.Concat(Enumerable.Repeat("😀", characters / 2));
        var head = new StringBuilder("{\"type\":\"track\"");
        foreach (var id in new[] { "userId", "anonymousId", "previousId", "groupId", "messageId" })
        {
            head.Append(",\"").Append(id).Append("\":\"").Append(Emoji(TouchpointLimits.MaxIdLength)).Append('"');
        }

        head.Append(",\"event\":\"").Append(Emoji(TouchpointLimits.MaxEventLength)).Append('"');
        head.Append(",\"traits\":{\"segment\":\"").Append(Emoji(TouchpointLimits.MaxSegmentLength)).Append("\"}");
        head.Append(",\"properties\":{\"text\":\"");
        var budget = TouchpointLimits.MaxMessageBytes - Encoding.UTF8.GetByteCount(head.ToString()) - "\"}}".Length;
        var message = head.Append(Emoji(budget / 4 * 2)).Append("\"}}").ToString();
        var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes(message), null, DateTimeOffset.UnixEpoch);
        var touchpoint = Assert.Single(payload.Touchpoints);

        // Act
        var stored = TouchpointJson.Serialize(touchpoint);

        // Assert
        Assert.True(stored.Length <= TouchpointJson.MaxStoredBytes, $"{stored.Length} stored bytes, bound {TouchpointJson.MaxStoredBytes}");
        Assert.Equal(touchpoint.Properties.GetProperty("text").GetString(), TouchpointJson.Deserialize(stored).Properties.GetProperty("text").GetString());
    }

    [Fact]
    public void Serialize_WhenTextIsCyrillic_KeepsItUnescaped()
    {
        var touchpoint = Journeys.TestTouchpoints.Track("m1", "Отзыв", DateTimeOffset.UnixEpoch, properties: """{"text":"Привет"}""");

        var stored = Encoding.UTF8.GetString(TouchpointJson.Serialize(touchpoint));

        Assert.Contains("\"Отзыв\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"Привет\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenPropertiesWereSentEscaped_ReadsTheSameValues()
    {
        var touchpoint = Journeys.TestTouchpoints.Track("m1", "X", DateTimeOffset.UnixEpoch, properties: """{"text":"\u041f\u0440\u0438","n":1}""");

        var read = TouchpointJson.Deserialize(TouchpointJson.Serialize(touchpoint));

        Assert.Equal("При", read.Properties.GetProperty("text").GetString());
        Assert.Equal(1, read.Properties.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Object, read.Properties.ValueKind);
    }
}
