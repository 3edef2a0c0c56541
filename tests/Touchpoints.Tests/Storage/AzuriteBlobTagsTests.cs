using Azure.Storage.Blobs.Models;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// What dead-letter erasure relies on, checked against the pinned Azurite: blob index tags written with the upload, and
/// Find Blobs by Tags at container and at account level answering exactly the blobs whose tag matches.
/// </summary>
public sealed class AzuriteBlobTagsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FindBlobsByTags_WhenBlobsWereUploadedWithTags_AnswersOnlyTheMatchingBlobs()
    {
        // Arrange
        var token = TestContext.Current.CancellationToken;
        var service = azurite.Server.CreateBlobServiceClient();
        var container = service.GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        await container.CreateIfNotExistsAsync(cancellationToken: token);
        var tag = "c" + Guid.NewGuid().ToString("N");
        await container.GetBlobClient("a.json").UploadAsync(BinaryData.FromString("{}"), new BlobUploadOptions { Tags = new Dictionary<string, string> { [tag] = "1" } }, token);
        await container.GetBlobClient("b.json").UploadAsync(BinaryData.FromString("{}"), new BlobUploadOptions { Tags = new Dictionary<string, string> { ["c" + Guid.NewGuid().ToString("N")] = "1" } }, token);

        // Act
        var inContainer = new List<string>();
        await foreach (var item in container.FindBlobsByTagsAsync($"\"{tag}\" = '1'", token))
        {
            inContainer.Add(item.BlobName);
        }

        var inAccount = new List<string>();
        await foreach (var item in service.FindBlobsByTagsAsync($"\"{tag}\" = '1'", token))
        {
            inAccount.Add(item.BlobContainerName + "/" + item.BlobName);
        }

        // Assert
        Assert.Equal(["a.json"], inContainer);
        Assert.Equal([container.Name + "/a.json"], inAccount);
    }
}
