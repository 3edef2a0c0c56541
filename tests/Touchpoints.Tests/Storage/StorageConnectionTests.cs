using Microsoft.Extensions.Configuration;
using Touchpoints.Storage;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>The storage connection is read the way the Functions host reads <c>AzureWebJobsStorage</c>.</summary>
public sealed class StorageConnectionTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(static s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void FromConfiguration_WhenAccountNameIsSet_UsesTheAccountsEndpointsWithAnIdentity()
    {
        var connection = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage:accountName", "stpipeline"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));

        Assert.Equal(new Uri("https://stpipeline.table.core.windows.net"), connection.CreateTableServiceClient().Uri);
        Assert.Equal(new Uri("https://stpipeline.blob.core.windows.net"), connection.CreateBlobServiceClient().Uri);
    }

    [Fact]
    public void FromConfiguration_WhenServiceUrisAreSet_UsesThem()
    {
        var connection = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://tables.example.net"),
            ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.net")));

        Assert.Equal("tables.example.net", connection.CreateTableServiceClient().Uri.Host);
        Assert.Equal("blobs.example.net", connection.CreateBlobServiceClient().Uri.Host);
    }

    [Fact]
    public void FromConfiguration_WhenNothingIsSet_SaysWhichSettingsWork()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Settings()));

        Assert.Contains("AzureWebJobsStorage__accountName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_WhenAConnectionStringIsSet_UsesIt()
    {
        var connection = StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal("devstoreaccount1", connection.CreateBlobServiceClient().AccountName);
    }
}
