using Azure.Data.Tables;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// Finds which timeline rows exist, by concurrent point reads: a filter over many row keys would pass Azure's 15
/// comparisons per query and be a partition scan.
/// </summary>
internal sealed class TimelineProbe(JourneyTable table)
{
    private const int ReadConcurrency = 16;

    /// <summary>The row keys, of those given, that exist in the partition.</summary>
    public async Task<HashSet<string>> ExistingAsync(string partition, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        var exists = new bool[rowKeys.Count];
        await Parallel.ForAsync(
            0,
            rowKeys.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => exists[i] = (await table.Client.GetEntityIfExistsAsync<TableEntity>(partition, rowKeys[i], ["RowKey"], token).ConfigureAwait(false)).HasValue)
            .ConfigureAwait(false);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rowKeys.Count; i++)
        {
            if (exists[i])
            {
                existing.Add(rowKeys[i]);
            }
        }

        return existing;
    }
}
