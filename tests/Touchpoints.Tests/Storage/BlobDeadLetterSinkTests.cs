using System.Text;
using System.Text.Json;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage;

public sealed class BlobDeadLetterSinkTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WriteAsync_StoresReasonErrorsAndBodyUnderTheDay()
    {
        // Arrange
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var sink = new BlobDeadLetterSink(container);
        var letter = new DeadLetter
        {
            Source = "eventhubs",
            Reason = "validation failed",
            Errors = [new FieldError("userId", "either userId or anonymousId is required")],
            Body = Encoding.UTF8.GetBytes("""{"type":"track"}"""),
            ReceivedAt = new DateTimeOffset(2026, 3, 1, 23, 59, 0, TimeSpan.Zero),
            Metadata = new Dictionary<string, string> { ["sequenceNumber"] = "42" },
        };

        // Act
        var name = await sink.WriteAsync(letter, TestContext.Current.CancellationToken);

        // Assert
        Assert.StartsWith("2026/03/01/eventhubs/235900000-", name, StringComparison.Ordinal);
        var content = (await container.GetBlobClient(name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content;
        using var json = JsonDocument.Parse(content.ToMemory());
        Assert.Equal("validation failed", json.RootElement.GetProperty("reason").GetString());
        Assert.Equal("userId", json.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("""{"type":"track"}""", json.RootElement.GetProperty("body").GetString());
        Assert.Equal("42", json.RootElement.GetProperty("metadata").GetProperty("sequenceNumber").GetString());
    }

    [Fact]
    public async Task WriteAsync_WhenTheContainerIsGoneAfterItWasCreated_CreatesItAgainOnTheNextAttempt()
    {
        // Arrange: a sink that created its container once, then the container is deleted under it.
        var token = TestContext.Current.CancellationToken;
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var sink = new BlobDeadLetterSink(container);
        var letter = new DeadLetter { Source = "http", Reason = "r", Body = "{}"u8.ToArray(), ReceivedAt = DateTimeOffset.UnixEpoch };
        await sink.WriteAsync(letter, token);
        await container.DeleteAsync(cancellationToken: token);
        await WaitUntilDeletedAsync(container, token);

        // Act: the attempt that meets the missing container fails; the retry succeeds.
        await Assert.ThrowsAsync<Azure.RequestFailedException>(async () => await sink.WriteAsync(letter, token));
        var name = await sink.WriteAsync(letter, token);

        // Assert
        Assert.True((await container.GetBlobClient(name).ExistsAsync(token)).Value);
    }

    private static async Task WaitUntilDeletedAsync(Azure.Storage.Blobs.BlobContainerClient container, CancellationToken token)
    {
        while ((await container.ExistsAsync(token)).Value)
        {
            await Task.Delay(20, token);
        }
    }

    [Fact]
    public async Task WriteAsync_WhenBodyIsNotText_StoresItAsBase64()
    {
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var sink = new BlobDeadLetterSink(container);

        var name = await sink.WriteAsync(
            new DeadLetter { Source = "http", Reason = "not JSON", Body = new byte[] { 0x1f, 0x8b, 0xff }, ReceivedAt = DateTimeOffset.UnixEpoch.AddYears(56) },
            TestContext.Current.CancellationToken);

        var content = (await container.GetBlobClient(name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content;
        using var json = JsonDocument.Parse(content.ToMemory());
        Assert.Equal("base64", json.RootElement.GetProperty("bodyEncoding").GetString());
        Assert.Equal(new byte[] { 0x1f, 0x8b, 0xff }, json.RootElement.GetProperty("body").GetBytesFromBase64());
    }

    [Fact]
    public async Task WriteAsync_WhenTheBodyCarriesAnIp_ThenOnlyItsNetworkIsStored()
    {
        // Arrange
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var sink = new BlobDeadLetterSink(container);
        var letter = new DeadLetter
        {
            Source = "http",
            Reason = "invalid",
            Errors = [],
            Body = Encoding.UTF8.GetBytes("""{"type":"track","context":{"ip":"198.51.100.23"}}"""),
            ReceivedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
            Metadata = new Dictionary<string, string>(),
        };

        // Act
        var name = await sink.WriteAsync(letter, TestContext.Current.CancellationToken);

        // Assert
        var content = (await container.GetBlobClient(name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString();
        Assert.DoesNotContain("198.51.100.23", content, StringComparison.Ordinal);
        Assert.Contains("198.51.100.0", content, StringComparison.Ordinal);
    }
}
