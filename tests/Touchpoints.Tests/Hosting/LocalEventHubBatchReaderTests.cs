using System.Text;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Hosting;

public sealed class LocalEventHubBatchReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_WhenJsonAndBase64Bodies_ThenEventsWithMetadata()
    {
        // Arrange
        var base64 = Convert.ToBase64String("""{"type":"track","userId":"u","event":"e"}"""u8.ToArray());
        var json = $$"""
            [{"body":{"a":1},"enqueuedTimeUtc":"2026-03-01T10:00:00","sequenceNumber":7,"offset":123,"partitionKey":"pk","partitionId":"1"},
             {"body":"{{base64}}","bodyEncoding":"base64"}]
            """;
        var errors = new List<FieldError>();

        // Act
        var events = LocalEventHubBatchReader.Read(Encoding.UTF8.GetBytes(json), Now, errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(2, events.Count);
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(events[0].Body.Span));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), events[0].EnqueuedTime);
        Assert.Equal(7, events[0].SequenceNumber);
        Assert.Equal("123", events[0].Offset);
        Assert.Equal("pk", events[0].PartitionKey);
        Assert.Equal("1", events[0].PartitionId);
        Assert.Equal(Now, events[1].EnqueuedTime);
        Assert.StartsWith("{\"type\"", Encoding.UTF8.GetString(events[1].Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenNotAnArray_ThenRootError()
    {
        // Arrange
        var errors = new List<FieldError>();

        // Act
        LocalEventHubBatchReader.Read("""{"body":1}"""u8, Now, errors);

        // Assert
        Assert.Equal("$", Assert.Single(errors).Field);
    }
}
