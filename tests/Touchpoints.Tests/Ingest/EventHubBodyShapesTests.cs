using System.Text;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

/// <summary>The three body shapes an event may carry, as the batch handler reads them (receive time = enqueued time).</summary>
public sealed class EventHubBodyShapesTests
{
    private static readonly DateTimeOffset Enqueued = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"type":"track","userId":"u","event":"Ad Clicked"}""", 1)]
    [InlineData("""[{"type":"track","userId":"u","event":"Ad Clicked"},{"type":"page","userId":"u","name":"Home"}]""", 2)]
    [InlineData("""{"batch":[{"type":"identify","userId":"u"}],"sentAt":"2026-03-01T10:00:00Z"}""", 1)]
    public void Read_WhenEventBodyShape_ThenTouchpoints(string body, int expected)
    {
        // Act
        var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes(body), impliedType: null, Enqueued);

        // Assert
        Assert.True(payload.IsValid);
        Assert.Equal(expected, payload.Touchpoints.Count);
        Assert.All(payload.Touchpoints, static t => Assert.Equal(Enqueued, t.Timestamp));
    }

    [Fact]
    public void DescribeRejection_WhenSeveralErrors_ThenNamesTheFirstAndCounts()
    {
        // Arrange
        var payload = TouchpointReader.Read("""[{"type":"track"},{"type":"track","userId":"u"}]"""u8, null, Enqueued);

        // Act
        var reason = EventHubBatchHandler.DescribeRejection(payload);

        // Assert
        Assert.StartsWith("invalid: $[0].userId:", reason, StringComparison.Ordinal);
        Assert.Contains("more)", reason, StringComparison.Ordinal);
    }
}
