using System.Text;
using Touchpoints.Ingest;
using Xunit;

namespace Touchpoints.Tests.Ingest;

public sealed class IpAddressMaskingTests
{
    private static string Apply(string body, IpAddressHandling handling) =>
        Encoding.UTF8.GetString(IpAddressMasking.Apply(Encoding.UTF8.GetBytes(body), handling).Span);

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0")]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::")]
    [InlineData("not an address", null)]
    public void Truncate_WhenAnAddress_ThenTheNetworkOnly(string address, string? expected)
    {
        Assert.Equal(expected, IpAddressMasking.Truncate(address));
    }

    [Fact]
    public void Apply_WhenABatchCarriesContextIps_ThenEveryOneIsTruncatedAndNothingElseChanges()
    {
        var body = """{"batch":[{"userId":"u","context":{"ip":"198.51.100.23"}},{"userId":"v","context":{"IP":"2001:db8:1:2::9"},"properties":{"build":"1.2.3.4"}}]}""";

        var masked = Apply(body, IpAddressHandling.Truncate);

        Assert.Equal("""{"batch":[{"userId":"u","context":{"ip":"198.51.100.0"}},{"userId":"v","context":{"IP":"2001:db8:1::"},"properties":{"build":"1.2.3.4"}}]}""", masked);
    }

    [Fact]
    public void Apply_WhenRemove_ThenTheIpPropertyIsGone()
    {
        Assert.Equal("""{"context":{"page":"p"}}""", Apply("""{"context":{"ip":"198.51.100.23","page":"p"}}""", IpAddressHandling.Remove));
    }

    [Fact]
    public void Apply_WhenTheBodyIsNotJson_ThenDottedAddressesAreTruncatedInTheText()
    {
        Assert.Equal("""{"context":{"ip":"198.51.100.0"}, garbage 10.1.2.0 and 1.2.3.4.5""", Apply("""{"context":{"ip":"198.51.100.23"}, garbage 10.1.2.3 and 1.2.3.4.5""", IpAddressHandling.Truncate));
    }

    [Fact]
    public void Apply_WhenKeep_ThenTheSameBytes()
    {
        var body = Encoding.UTF8.GetBytes("""{"context":{"ip":"198.51.100.23"}}""");

        Assert.True(IpAddressMasking.Apply(body, IpAddressHandling.Keep).Span.SequenceEqual(body));
    }
}
