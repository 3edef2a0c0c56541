using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>The policy refuses blob requests that break Azure's naming and metadata limits before they leave.</summary>
public sealed class BlobRulesPolicyTests(AzuriteFixture azurite)
{
    private readonly BlobServiceClient _service = azurite.Server.CreateBlobServiceClient(new AzureStorageRules());

    [Theory]
    [InlineData("Upper")]
    [InlineData("ab")]
    [InlineData("double--hyphen")]
    [InlineData("under_score")]
    public async Task CreateContainer_WhenTheNameIsInvalid_FailsTheContainerNameRule(string name)
    {
        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => _service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.ContainerNameInvalid, ex.Rule);
    }

    [Fact]
    public async Task Upload_WhenTheMetadataIsOver8KiB_FailsTheMetadataRuleAndNothingIsStored()
    {
        // Arrange
        var container = await CreatedContainerAsync();
        var metadata = new Dictionary<string, string> { ["big"] = new string('x', 8 * 1024) };

        // Act
        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => container.GetBlobClient("a.json").UploadAsync(
            BinaryData.FromString("{}"), new BlobUploadOptions { Metadata = metadata }, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(AzureStorageRule.MetadataTooLarge, ex.Rule);
        Assert.False(await container.GetBlobClient("a.json").ExistsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Upload_WhenAMetadataNameIsNotAnIdentifier_FailsTheMetadataNameRule()
    {
        var container = await CreatedContainerAsync();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => container.GetBlobClient("a.json").UploadAsync(
            BinaryData.FromString("{}"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["1st"] = "x" } }, TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.MetadataNameInvalid, ex.Rule);
    }

    [Fact]
    public async Task Upload_WhenTheBlobNameIsOver1024Characters_FailsTheBlobNameRule()
    {
        var container = await CreatedContainerAsync();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => container.GetBlobClient(new string('n', 1025)).UploadAsync(
            BinaryData.FromString("{}"), TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.BlobNameTooLong, ex.Rule);
    }

    [Fact]
    public async Task Upload_WhenWithinTheLimits_IsStored()
    {
        var container = await CreatedContainerAsync();
        var blob = container.GetBlobClient("2026/03/01/web/" + new string('n', 900) + ".json");

        await blob.UploadAsync(
            BinaryData.FromString("{}"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["generatedat"] = new string('x', 8000) } },
            TestContext.Current.CancellationToken);

        Assert.True(await blob.ExistsAsync(TestContext.Current.CancellationToken));
    }

    private async Task<BlobContainerClient> CreatedContainerAsync()
    {
        var container = _service.GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        await container.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return container;
    }
}
