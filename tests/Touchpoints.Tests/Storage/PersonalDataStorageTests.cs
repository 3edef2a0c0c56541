using System.Text;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Storage;

/// <summary>What of a message's traits and context reaches the stored timeline rows, read back from Azurite.</summary>
public sealed class PersonalDataStorageTests(AzuriteFixture azurite)
{
    private const string Message = """
        {"type":"identify","userId":"pd-1","messageId":"pd-m1","timestamp":"2026-03-10T10:00:00Z",
         "traits":{"email":"jane@example.com","name":"Jane Doe","phone":"+44 20 7946 0000","segment":"vip","plan":"gold"},
         "context":{"ip":"203.0.113.77","userAgent":"Mozilla/5.0 (SecretBrowser)","campaign":{"source":"google","medium":"cpc","name":"spring"},
                    "page":{"url":"https://shop.example/landing?x=1","referrer":"https://www.google.com/"}}}
        """;

    [Fact]
    public async Task WriteAsync_WhenDefaultPolicy_ThenNoPersonalFieldIsStored()
    {
        var body = await StoreAndReadBackAsync(ContextPolicy.Default);

        foreach (var personal in new[] { "jane@example.com", "Jane Doe", "7946", "SecretBrowser", "203.0.113", "gold" })
        {
            Assert.DoesNotContain(personal, body, StringComparison.Ordinal);
        }

        Assert.Contains("\"seg\":\"vip\"", body, StringComparison.Ordinal);
        Assert.Contains("\"campaign\":{\"source\":\"google\",\"medium\":\"cpc\",\"name\":\"spring\"}", body, StringComparison.Ordinal);
        Assert.Contains("\"referrerHost\":\"www.google.com\"", body, StringComparison.Ordinal);
        Assert.Contains("\"pagePath\":\"/landing\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_WhenFieldsAreConfiguredToBeKept_ThenExactlyThoseAreStoredAndTheIpIsTruncated()
    {
        var policy = new ContextPolicy(ChannelInference.Default, ["traits.email", "traits.name", "traits.phone", "context.userAgent", "context.ip"], IpAddressHandling.Truncate);

        var body = await StoreAndReadBackAsync(policy);

        Assert.Contains("\"email\":\"jane@example.com\"", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Jane Doe\"", body, StringComparison.Ordinal);
        Assert.Contains("\"phone\":\"+44 20 7946 0000\"", body, StringComparison.Ordinal);
        Assert.Contains("\"userAgent\":\"Mozilla/5.0 (SecretBrowser)\"", body, StringComparison.Ordinal);
        Assert.Contains("\"ip\":\"203.0.113.0\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.77", body, StringComparison.Ordinal);
        Assert.DoesNotContain("gold", body, StringComparison.Ordinal);
    }

    private async Task<string> StoreAndReadBackAsync(ContextPolicy policy)
    {
        var client = azurite.Server.CreateTableServiceClient().GetTableClient(AzuriteServer.UniqueTableName("pii"));
        await client.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        var writer = new JourneyWriter(new JourneyTable(client, 2), new FunnelCatalog([DefaultFunnel]));
        var payload = TouchpointReader.Read(Encoding.UTF8.GetBytes(Message), null, new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero), policy);
        await writer.WriteAsync(payload.Touchpoints, TestContext.Current.CancellationToken);

        var bodies = new List<string>();
        await foreach (var row in client.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
            if (row.RowKey.StartsWith("t|", StringComparison.Ordinal))
            {
                bodies.Add(Encoding.UTF8.GetString(row.GetBinary(TimelineEntity.BodyProperty)));
            }

            foreach (var (_, value) in row)
            {
                if (value is string text)
                {
                    Assert.DoesNotContain("jane@example.com", text, StringComparison.Ordinal);
                }
            }
        }

        return Assert.Single(bodies);
    }
}
