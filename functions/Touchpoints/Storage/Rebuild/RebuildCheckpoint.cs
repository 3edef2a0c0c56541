using Azure;
using Azure.Data.Tables;

namespace Touchpoints.Storage.Rebuild;

/// <summary>
/// Where a rebuild of a funnel stands: the buckets completed (always a prefix, <c>b000</c> up) and the definition hash
/// they were rebuilt to. One row per funnel in a partition of its own (<see cref="TableKeys.RebuildPartition"/>), so no
/// journey scan ever reads it.
/// </summary>
internal sealed record RebuildCheckpoint(string DefinitionHash, int BucketsDone, int BucketCount)
{
    private const string HashProperty = "DefinitionHash";
    private const string DoneProperty = "BucketsDone";
    private const string CountProperty = "BucketCount";

    /// <summary>The buckets a run to <paramref name="definitionHash"/> over <paramref name="bucketCount"/> buckets may skip.</summary>
    public int ResumePoint(string definitionHash, int bucketCount) =>
        string.Equals(DefinitionHash, definitionHash, StringComparison.Ordinal) && BucketCount == bucketCount ? Math.Min(BucketsDone, bucketCount) : 0;

    public static async Task<RebuildCheckpoint?> ReadAsync(TableClient client, string funnelId, CancellationToken cancellationToken)
    {
        var response = await client.GetEntityIfExistsAsync<TableEntity>(TableKeys.RebuildPartition, TableKeys.RebuildRow(funnelId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new RebuildCheckpoint(row.GetString(HashProperty) ?? string.Empty, row.GetInt32(DoneProperty) ?? 0, row.GetInt32(CountProperty) ?? 0);
    }

    // One rebuild per funnel at a time is the operator's rule; the last writer wins, which for a prefix count is harmless.
    public async Task WriteAsync(TableClient client, string funnelId, CancellationToken cancellationToken)
    {
        var row = new TableEntity(TableKeys.RebuildPartition, TableKeys.RebuildRow(funnelId))
        {
            [HashProperty] = DefinitionHash,
            [DoneProperty] = BucketsDone,
            [CountProperty] = BucketCount,
        };
        await client.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(TableClient client, string funnelId, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteEntityAsync(TableKeys.RebuildPartition, TableKeys.RebuildRow(funnelId), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing to forget.
        }
    }
}
