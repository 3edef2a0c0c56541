using Azure.Data.Tables;
using Touchpoints.Journeys;

namespace Touchpoints.Storage.Writing;

/// <summary>Gets customers' journey rows from the cache, reading the missing ones with concurrent point reads.</summary>
internal sealed class JourneyReader(JourneyTable table, FunnelCatalog funnels, JourneyCache cache)
{
    private const int ReadConcurrency = 16;

    /// <summary>The journey rows of each customer, one per funnel.</summary>
    /// <param name="partition">The customers' partition.</param>
    /// <param name="customers">The customers.</param>
    /// <param name="fresh">The rows this write has read or written itself; the rows read here are added.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Dictionary<string, CachedJourney[]>> ReadAsync(
        string partition, IReadOnlyList<CustomerWork> customers, RowFreshness fresh, CancellationToken cancellationToken)
    {
        var list = funnels.Funnels;
        var states = new Dictionary<string, CachedJourney[]>(StringComparer.Ordinal);
        var missing = new List<(string CustomerKey, int Funnel, string RowKey)>();
        foreach (var customer in customers)
        {
            var rows = new CachedJourney[list.Count];
            states[customer.Key] = rows;
            for (var f = 0; f < list.Count; f++)
            {
                var rowKey = TableKeys.JourneyRow(list[f].Id, customer.Key);
                if (!cache.TryGet(rowKey, out rows[f]))
                {
                    missing.Add((customer.Key, f, rowKey));
                }
            }
        }

        var read = new CachedJourney[missing.Count];
        await Parallel.ForAsync(
            0,
            missing.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => read[i] = await ReadAsync(partition, missing[i].RowKey, token).ConfigureAwait(false)).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            var (customerKey, f, rowKey) = missing[i];
            states[customerKey][f] = read[i];
            cache.Set(rowKey, read[i]);
            fresh.MarkFresh(rowKey);
        }

        return states;
    }

    /// <summary>One journey row as stored now.</summary>
    public async Task<CachedJourney> ReadAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return new CachedJourney(null, default, 0);
        }

        var (record, chunks) = JourneyEntity.FromEntity(response.Value!);
        return new CachedJourney(JourneyRecordCodec.Encode(record), response.Value!.ETag, chunks);
    }
}
