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
    public async Task Upload_WhenThereAreMoreThan10Tags_FailsTheTagCountRuleAndNothingIsStored()
    {
        // Arrange
        var container = await CreatedContainerAsync();
        var tags = Enumerable.Range(0, 11).ToDictionary(static i => "t" + i, static _ => "1");

        // Act
        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => container.GetBlobClient("a.json").UploadAsync(
            BinaryData.FromString("{}"), new BlobUploadOptions { Tags = tags }, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(AzureStorageRule.BlobTagsTooMany, ex.Rule);
        Assert.False(await container.GetBlobClient("a.json").ExistsAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("user@example.com", "1")]
    [InlineData("k", "caf\u00e9")]
    [InlineData("", "1")]
    public async Task Upload_WhenATagBreaksTheCharacterOrLengthRules_FailsTheTagRule(string key, string value)
    {
        var container = await CreatedContainerAsync();
        var tags = new Dictionary<string, string> { [key] = System.Text.RegularExpressions.Regex.Unescape(value) };

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => container.GetBlobClient("a.json").UploadAsync(
            BinaryData.FromString("{}"), new BlobUploadOptions { Tags = tags }, TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.BlobTagInvalid, ex.Rule);
    }

    [Fact]
    public async Task Upload_WhenTheTagsAreTheTenLongestAllowed_IsStored()
    {
        var container = await CreatedContainerAsync();
        var tags = Enumerable.Range(0, 10).ToDictionary(static i => i + new string('k', 127), static _ => "a =+-./:_" + new string('v', 247));

        await container.GetBlobClient("a.json").UploadAsync(BinaryData.FromString("{}"), new BlobUploadOptions { Tags = tags }, TestContext.Current.CancellationToken);

        Assert.Equal(10, (await container.GetBlobClient("a.json").GetTagsAsync(cancellationToken: TestContext.Current.CancellationToken)).Value.Tags.Count);
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
