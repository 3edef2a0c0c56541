using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Touchpoints.Storage.Rules;

/// <summary>
/// Azure Storage's documented limits, checked on every request of the clients it is applied to before the request is
/// sent (Azurite enforces fewer of them than Azure). A broken limit throws <see cref="AzureStorageRuleException"/>
/// naming the rule; queries are classified and counted in <see cref="Counts"/>, and scans fail only with
/// <see cref="FailOnScans"/>.
/// </summary>
public sealed class AzureStorageRules
{
    /// <summary>Creates the rules with fresh counts.</summary>
    public AzureStorageRules(bool failOnScans = false)
    {
        FailOnScans = failOnScans;
    }

    /// <summary>Whether a partition or table scan fails (<see cref="AzureStorageRule.Scan"/>) instead of only being counted.</summary>
    public bool FailOnScans { get; }

    /// <summary>What the clients with these rules sent, by kind.</summary>
    public StorageRequestCounts Counts { get; } = new();

    /// <summary>Adds the rules to Table client options.</summary>
    /// <returns>The same options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public TableClientOptions Apply(TableClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Per call, not per retry: a request is checked and counted once, however often it is retried.
        options.AddPolicy(new AzureStorageRulesPolicy(this, StorageService.Table), HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Adds the rules to Blob client options.</summary>
    /// <returns>The same options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public BlobClientOptions Apply(BlobClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new AzureStorageRulesPolicy(this, StorageService.Blob), HttpPipelinePosition.PerCall);
        return options;
    }
}
