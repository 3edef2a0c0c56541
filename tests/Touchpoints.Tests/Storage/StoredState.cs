using Azure.Data.Tables;
using Touchpoints.Journeys;

namespace Touchpoints.Tests.Storage;

/// <summary>What a table holds, read in one scan: each customer's journey record (encoded) and timeline message ids.</summary>
internal sealed class StoredState
{
    private StoredState()
    {
    }

    /// <summary>Each customer key's journey record of the default funnel, with its encoded bytes.</summary>
    public Dictionary<string, (JourneyRecord Record, byte[] Bytes)> Journeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Each customer key's timeline message ids (row keys are unique, so an id is there at most once).</summary>
    public Dictionary<string, HashSet<string>> Timelines { get; } = new(StringComparer.Ordinal);

    public int TimelineRows => Timelines.Values.Sum(static t => t.Count);

    public static async Task<StoredState> ReadAsync(TableClient client, CancellationToken cancellationToken)
    {
        var state = new StoredState();
        await foreach (var row in client.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var parts = row.RowKey.Split('|');
            if (parts[0] == "j" && parts[1] == "default")
            {
                var (record, _) = Touchpoints.Storage.JourneyEntity.FromEntity(row);
                state.Journeys.Add(parts[2], (record, JourneyRecordCodec.Encode(record)));
            }
            else if (parts[0] == "t")
            {
                if (!state.Timelines.TryGetValue(parts[1], out var ids))
                {
                    state.Timelines[parts[1]] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(parts[2]);
            }
        }

        return state;
    }
}
