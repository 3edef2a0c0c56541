using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Touchpoints.Storage.Rules;

namespace Touchpoints.Storage;

/// <summary>
/// Creates the storage clients from the Functions host's own connection, <c>AzureWebJobsStorage</c>: a connection
/// string locally (Azurite), identity-based settings in Azure (<c>AzureWebJobsStorage__accountName</c> or
/// <c>__tableServiceUri</c>/<c>__blobServiceUri</c>, with <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public sealed class StorageConnection
{
    /// <summary>The connection's configuration name.</summary>
    public const string Name = "AzureWebJobsStorage";

    private readonly string? _connectionString;
    private readonly Uri? _tableUri;
    private readonly Uri? _blobUri;
    private readonly TokenCredential? _credential;
    private readonly AzureStorageRules? _rules;

    private StorageConnection(string? connectionString, Uri? tableUri, Uri? blobUri, TokenCredential? credential, AzureStorageRules? rules = null)
    {
        _connectionString = connectionString;
        _tableUri = tableUri;
        _blobUri = blobUri;
        _credential = credential;
        _rules = rules;
    }

    /// <summary>The Azure limits every client of this connection checks its requests against, if any.</summary>
    public AzureStorageRules? Rules => _rules;

    /// <summary>Reads the connection from configuration.</summary>
    /// <exception cref="InvalidOperationException">Neither a connection string nor identity settings are configured.</exception>
    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null);
        }

        var account = section["accountName"];
        var tableUri = section["tableServiceUri"] ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        var blobUri = section["blobServiceUri"] ?? (account is null ? null : $"https://{account}.blob.core.windows.net");
        if (tableUri is null || blobUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{Name}' to a connection string (Azurite: UseDevelopmentStorage=true), or '{Name}__accountName' " +
                $"(or '{Name}__tableServiceUri' and '{Name}__blobServiceUri') with '{Name}__credential=managedidentity' and '{Name}__clientId'.");
        }

        var clientId = section["clientId"];
        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        return new StorageConnection(null, new Uri(tableUri), new Uri(blobUri), credential);
    }

    /// <summary>A connection from a connection string.</summary>
    public static StorageConnection FromConnectionString(string connectionString) => new(connectionString, null, null, null);

    /// <summary>The same connection, with clients that check every request against Azure's limits (or, with null, do not).</summary>
    public StorageConnection WithRules(AzureStorageRules? rules) => new(_connectionString, _tableUri, _blobUri, _credential, rules);

    /// <summary>A Table service client.</summary>
    public TableServiceClient CreateTableServiceClient()
    {
        var options = new TableClientOptions();
        _rules?.Apply(options);
        return _connectionString is not null ? new TableServiceClient(_connectionString, options) : new TableServiceClient(_tableUri!, _credential!, options);
    }

    /// <summary>A Blob service client.</summary>
    public BlobServiceClient CreateBlobServiceClient()
    {
        var options = new BlobClientOptions();
        _rules?.Apply(options);
        return _connectionString is not null ? new BlobServiceClient(_connectionString, options) : new BlobServiceClient(_blobUri!, _credential!, options);
    }
}
