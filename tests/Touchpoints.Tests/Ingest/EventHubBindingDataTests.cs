using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class EventHubBindingDataTests
{
    [Fact]
    public void ReadPartitionContext_WhenHostSendsJson_ThenNameAndPartition()
    {
        // Arrange
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["partitionContext"] = """{"FullyQualifiedNamespace":"ns.servicebus.windows.net","EventHubName":"touchpoints","ConsumerGroup":"$Default","PartitionId":"2"}""",
        };

        // Act
        var (name, partition) = EventHubBindingData.ReadPartitionContext(data);

        // Assert
        Assert.Equal("touchpoints", name);
        Assert.Equal("2", partition);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("[1]")]
    public void ReadPartitionContext_WhenMissingOrUnknownShape_ThenNulls(string? value)
    {
        // Arrange
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (value is not null)
        {
            data["PartitionContext"] = value;
        }

        // Act
        var (name, partition) = EventHubBindingData.ReadPartitionContext(data);

        // Assert
        Assert.Null(name);
        Assert.Null(partition);
    }
}
