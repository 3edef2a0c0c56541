using Azure;
using Azure.Data.Tables;
using Touchpoints.Storage;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// Reads what the worker wrote to the journey table, by the README's layout: a customer's journey row
/// (<c>j|{funnel}|{customer}</c>) and timeline rows (<c>t|{customer}|{messageId}</c>) in the customer's bucket partition.
/// </summary>
/// <param name="table">The worker's journey table.</param>
internal sealed class StoredRows(TableClient table)
{
    /// <summary>The funnel the app's default funnel file defines.</summary>
    public const string DefaultFunnel = "default";

    /// <summary>The default bucket count (<c>Touchpoints:BucketCount</c>), which the harness's workers keep.</summary>
    public const int BucketCount = 16;

    /// <summary>A known customer's journey row in the default funnel, or null.</summary>
    public async Task<TableEntity?> JourneyAsync(string userId, CancellationToken cancellationToken)
    {
        var customer = TableKeys.Customer(userId, anonymous: false);
        try
        {
            var response = await table.GetEntityAsync<TableEntity>(
                TableKeys.Partition(customer, BucketCount), TableKeys.JourneyRow(DefaultFunnel, customer), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>A known customer's timeline rows.</summary>
    public async Task<IReadOnlyList<TableEntity>> TimelineAsync(string userId, CancellationToken cancellationToken)
    {
        var customer = TableKeys.Customer(userId, anonymous: false);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.TimelineFilter(TableKeys.Partition(customer, BucketCount), customer), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The timeline row key of a message.</summary>
    public static string TimelineRow(string userId, string messageId) => TableKeys.TimelineRow(TableKeys.Customer(userId, anonymous: false), messageId);
}
