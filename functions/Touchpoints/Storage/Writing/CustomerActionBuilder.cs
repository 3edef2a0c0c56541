using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// Builds one customer's unit for a round: applies the pending touchpoints to the journeys as stored, and turns the
/// new ones into timeline inserts plus one journey action per funnel. A unit of more than one touchpoint stays within
/// the transaction limits on its own (actions and estimated bytes), so the packer can always place it.
/// </summary>
internal sealed class CustomerActionBuilder(FunnelCatalog funnels)
{
    // Room kept per journey row for its growth in one round: the record's bounded histories grow by little per touchpoint.
    private const int JourneyGrowthBytes = 16 * 1024;

    /// <summary>Builds the unit; touchpoints that cannot be encoded are rejected into <paramref name="outcomes"/> and dropped.</summary>
    /// <param name="partition">The customer's partition.</param>
    /// <param name="customer">The customer and its pending touchpoints.</param>
    /// <param name="states">The customer's journey rows as stored, one per funnel.</param>
    /// <param name="outcomes">Where a touchpoint rejected for its data is recorded.</param>
    public CustomerUnit Build(string partition, CustomerWork customer, CachedJourney[] states, WriteOutcomes outcomes)
    {
        var limit = customer.RoundLimit;
        while (true)
        {
            var unit = Build(partition, customer, states, outcomes, limit);

            // The journey rows came out larger than the room kept for them: take fewer touchpoints, in proportion.
            if (unit.Bytes <= TransactionPacker.MaxBytes || unit.Items.Count <= 1)
            {
                return unit;
            }

            limit = (int)Math.Max(1, unit.Items.Count * TransactionPacker.MaxBytes / unit.Bytes);
            limit = Math.Min(limit, unit.Items.Count - 1);
        }
    }

    private CustomerUnit Build(string partition, CustomerWork customer, CachedJourney[] states, WriteOutcomes outcomes, int limit)
    {
        var list = funnels.Funnels;
        var records = new JourneyRecord[list.Count];
        for (var f = 0; f < list.Count; f++)
        {
            records[f] = states[f].IsNew
                ? new JourneyRecord(list[f], customer.CustomerId, customer.Anonymous)
                : JourneyRecordCodec.Decode(states[f].Encoded);
        }

        var unit = new CustomerUnit(customer);
        var maxTimeline = Math.Min(TransactionPacker.MaxActions - list.Count, limit);
        var timelineBudget = TransactionPacker.MaxBytes;
        for (var f = 0; f < list.Count; f++)
        {
            timelineBudget -= ActionSizeEstimator.JourneyActionBytes((states[f].Encoded?.Length ?? 0) + JourneyGrowthBytes);
        }

        foreach (var item in customer.Pending.ToList())
        {
            if (unit.Items.Count >= limit || unit.Timeline.Count >= maxTimeline)
            {
                break;
            }

            TableTransactionAction insert;
            try
            {
                insert = new TableTransactionAction(
                    TableTransactionActionType.Add, TimelineEntity.ToEntity(partition, customer.Key, item.Touchpoint, TouchpointJson.Serialize(item.Touchpoint)));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException or EncoderFallbackException)
            {
                outcomes.Reject(item, $"it could not be encoded for storage: {ex.Message}");
                customer.Drop(item);
                continue;
            }

            var bytes = ActionSizeEstimator.Estimate(insert);
            if (unit.Timeline.Count > 0 && unit.Bytes + bytes > timelineBudget)
            {
                // The rest waits for the next round, which builds on the ETags this one returns.
                break;
            }

            unit.Items.Add(item);
            var isNew = false;
            for (var f = 0; f < list.Count; f++)
            {
                // Every funnel sees the same touchpoints, so their recent-id windows agree; the timeline insert stays the exact check.
                isNew |= records[f].Apply(item.Touchpoint, list[f]);
            }

            if (!isNew)
            {
                // A replay the recent-id window recognised: no round trip, and it stays marked as not applied.
                continue;
            }

            unit.Actions.Add(insert);
            unit.Timeline.Add(item);
            unit.Bytes += bytes;
        }

        if (unit.Timeline.Count == 0)
        {
            return unit;
        }

        for (var f = 0; f < list.Count; f++)
        {
            var rowKey = TableKeys.JourneyRow(list[f].Id, customer.Key);
            var encoded = JourneyRecordCodec.Encode(records[f]);
            var entity = JourneyEntity.ToEntity(partition, rowKey, records[f], encoded, list[f].Stages, states[f].Chunks, states[f].IsNew ? default : states[f].ETag);
            var action = new TableTransactionAction(states[f].IsNew ? TableTransactionActionType.Add : TableTransactionActionType.UpdateMerge, entity, entity.ETag);
            unit.Actions.Add(action);
            unit.Journeys.Add((rowKey, encoded, Math.Max(1, (encoded.Length + JourneyEntity.MaxChunkBytes - 1) / JourneyEntity.MaxChunkBytes)));
            unit.Bytes += ActionSizeEstimator.Estimate(action);
        }

        return unit;
    }
}
