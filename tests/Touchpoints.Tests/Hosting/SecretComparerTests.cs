using Touchpoints.Hosting;
using Xunit;

namespace Touchpoints.Tests.Hosting;

public sealed class SecretComparerTests
{
    [Theory]
    [InlineData("key-b", true)]
    [InlineData("key-", false)]
    [InlineData("key-bb", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Matches_WhenCandidate_ThenOnlyAnExactConfiguredKey(string? candidate, bool expected)
    {
        // Act
        var matches = SecretComparer.Matches(candidate, ["key-a", "key-b", ""]);

        // Assert
        Assert.Equal(expected, matches);
    }
}
