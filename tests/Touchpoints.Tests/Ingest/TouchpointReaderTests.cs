using System.Text;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class TouchpointReaderTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static TouchpointPayload Read(string json, TouchpointType? implied = null) =>
        TouchpointReader.Read(Encoding.UTF8.GetBytes(json), implied, ReceivedAt);

    [Fact]
    public void Read_WhenTrackIsComplete_ReturnsNormalisedTouchpoint()
    {
        // Arrange
        const string json = """
            {"type":"track","event":"Order Completed","userId":"u-1","messageId":"m-1","timestamp":"2026-03-01T10:00:00.1234Z",
             "properties":{"revenue":12.5},"context":{"campaign":{"medium":"cpc","source":"google"}}}
            """;

        // Act
        var payload = Read(json);

        // Assert
        Assert.True(payload.IsValid);
        var touchpoint = Assert.Single(payload.Touchpoints);
        Assert.Equal("m-1", touchpoint.MessageId);
        Assert.Equal(TouchpointType.Track, touchpoint.Type);
        Assert.Equal("Order Completed", touchpoint.Event);
        Assert.Equal("ads", touchpoint.Channel);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, 123, TimeSpan.Zero), touchpoint.Timestamp);
    }

    [Fact]
    public void Read_WhenSentAtIsPresent_CorrectsClockSkewLikeSegment()
    {
        // The client's clock is 1 hour fast: it says the event happened 10 s before sending.
        const string json = """{"type":"track","event":"X","userId":"u","timestamp":"2026-03-01T13:00:00Z","sentAt":"2026-03-01T13:00:10Z"}""";

        var touchpoint = Assert.Single(Read(json).Touchpoints);

        Assert.Equal(ReceivedAt.AddSeconds(-10), touchpoint.Timestamp);
    }

    [Fact]
    public void Read_WhenBatchHasSentAt_AppliesItToEveryMessage()
    {
        const string json = """
            {"batch":[{"type":"track","event":"X","userId":"u","originalTimestamp":"2026-03-01T13:00:00Z"}],"sentAt":"2026-03-01T13:00:30Z","writeKey":"k"}
            """;

        var payload = Read(json);

        Assert.Equal(ReceivedAt.AddSeconds(-30), Assert.Single(payload.Touchpoints).Timestamp);
        Assert.Equal("k", payload.WriteKey);
    }

    [Fact]
    public void Read_WhenMessageHasEveryProblem_ReportsEachField()
    {
        // Arrange: no ids, a bad timestamp, non-object properties and context, a numeric event.
        var json = $$"""{"type":"track","event":5,"timestamp":"yesterday","properties":[1],"context":"web","messageId":"{{new string('m', 300)}}"}""";

        // Act
        var errors = Read(json).Errors.Select(static e => e.Field).ToList();

        // Assert
        Assert.Contains("userId", errors);
        Assert.Contains("event", errors);
        Assert.Contains("timestamp", errors);
        Assert.Contains("properties", errors);
        Assert.Contains("context", errors);
        Assert.Contains("messageId", errors);
    }

    [Fact]
    public void Read_WhenOneBatchMessageIsBad_RejectsTheWholeBatchNamingTheIndex()
    {
        const string json = """{"batch":[{"type":"track","event":"X","userId":"u"},{"type":"track","userId":"u"}]}""";

        var payload = Read(json);

        Assert.False(payload.IsValid);
        Assert.Empty(payload.Touchpoints);
        Assert.Equal("batch[1].event", Assert.Single(payload.Errors).Field);
    }

    [Fact]
    public void Read_WhenTypeIsUnknown_SaysWhichTypesAreAllowed()
    {
        var error = Assert.Single(Read("""{"type":"purchase","userId":"u"}""").Errors);

        Assert.Equal("type", error.Field);
        Assert.Contains("track, page", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenRouteImpliesAnotherType_Rejects()
    {
        var error = Assert.Single(Read("""{"type":"page","userId":"u"}""", TouchpointType.Track).Errors);

        Assert.Equal("type", error.Field);
    }

    [Fact]
    public void Read_WhenMessageIsOver32KiB_IsTooLarge()
    {
        var json = "{\"type\":\"track\",\"event\":\"X\",\"userId\":\"u\",\"properties\":{\"blob\":\"" + new string('x', 33 * 1024) + "\"}}";

        var payload = Read(json);

        Assert.True(payload.IsTooLarge);
        Assert.Contains("32768", Assert.Single(payload.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenBodyIsOver500KiB_IsTooLarge()
    {
        var body = new byte[(500 * 1024) + 1];

        var payload = TouchpointReader.Read(body, null, ReceivedAt);

        Assert.True(payload.IsTooLarge);
        Assert.Equal("$", Assert.Single(payload.Errors).Field);
    }

    [Fact]
    public void Read_WhenBodyIsNotJson_SaysWhere()
    {
        var error = Assert.Single(Read("{\"type\":").Errors);

        Assert.Equal("$", error.Field);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenMessageIdIsMissing_DerivesTheSameIdFromTheSameContent()
    {
        const string json = """{"type":"page","anonymousId":"a","name":"Home","timestamp":"2026-03-01T10:00:00Z"}""";

        var first = Assert.Single(Read(json).Touchpoints).MessageId;
        var second = Assert.Single(Read(json).Touchpoints).MessageId;

        Assert.StartsWith("h-", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Read_WhenSurveyAnswerIsPresent_ExtractsNpsAndSegment()
    {
        const string json = """{"type":"track","event":"Survey Answered","userId":"u","properties":{"nps":"9","segment":"smb"}}""";

        var touchpoint = Assert.Single(Read(json).Touchpoints);

        Assert.Equal(9, touchpoint.Nps);
        Assert.Equal("smb", touchpoint.Segment);
    }

    [Fact]
    public void Read_WhenAliasLacksPreviousId_Rejects()
    {
        var fields = Read("""{"type":"alias","userId":"u"}""").Errors.Select(static e => e.Field);

        Assert.Contains("previousId", fields);
    }

    [Theory]
    [InlineData("Email", null, null, "email")]
    [InlineData(null, "cpc", null, "ads")]
    [InlineData(null, null, "facebook", "social")]
    [InlineData("carrier pigeon", null, null, "other")]
    [InlineData(null, null, null, "direct")]
    public void Normalize_MapsToTheClosedSet(string? channel, string? medium, string? source, string expected) =>
        Assert.Equal(expected, Channels.Normalize(channel, medium, source));

    [Fact]
    public void Read_WhenSegmentIsTooLong_NamesTheTrait()
    {
        var json = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"segment\":\"" + new string('s', 129) + "\"}}";

        var error = Assert.Single(Read(json).Errors);

        Assert.Equal("traits.segment", error.Field);
    }
}
