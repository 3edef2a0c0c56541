using Touchpoints.Storage.Rules;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>The policy reads a request's table and keys from its escaped path, or from the absolute URL a transaction's action carries.</summary>
public sealed class TableRequestTargetTests
{
    [Theory]
    [InlineData("/devstoreaccount1/journeys", "journeys", null, null)]
    [InlineData("/journeys()", "journeys", null, null)]
    [InlineData("/devstoreaccount1/journeys(PartitionKey='b000',RowKey='t%7Cu%3Ax%7Cm1')", "journeys", "b000", "t|u:x|m1")]
    [InlineData("/journeys(PartitionKey='it''s',RowKey='a%2Fb')", "journeys", "it's", "a/b")]
    [InlineData("/journeys(PartitionKey='p',RowKey='a/b')", "journeys", "p", "a/b")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/journeys(PartitionKey='p',RowKey='r')?$format=json", "journeys", "p", "r")]
    [InlineData("/devstoreaccount1/$batch", "$batch", null, null)]
    [InlineData("/devstoreaccount1/Tables('journeys')", "Tables", null, null)]
    [InlineData("", "", null, null)]
    public void Parse_ReadsTheTableAndKeys(string path, string table, string? partitionKey, string? rowKey)
    {
        var target = TableRequestTarget.Parse(path);

        Assert.Equal((table, partitionKey, rowKey), (target.Name, target.PartitionKey, target.RowKey));
    }
}
