using Azure.Data.Tables;
using Touchpoints.Ingest;

namespace Touchpoints.Storage;

/// <summary>
/// How a touchpoint is stored in its customer's timeline: its event time and its compact JSON (<see cref="TouchpointJson"/>),
/// as binary so any 32 KiB message fits the 64 KiB property limit: the stored form is at most
/// <see cref="TouchpointJson.MaxStoredBytes"/> for every message the reader accepts. Rows written before the stored form
/// kept non-ASCII text unescaped hold escaped JSON; <see cref="FromEntity"/> reads both.
/// </summary>
public static class TimelineEntity
{
    /// <summary>Property: event time.</summary>
    public const string AtProperty = "At";

    /// <summary>Property: the touchpoint's compact JSON.</summary>
    public const string BodyProperty = "Body";

    /// <summary>The entity of a touchpoint in a customer's timeline.</summary>
    public static TableEntity ToEntity(string partitionKey, string customerKey, Touchpoint touchpoint, byte[] body) =>
        new(partitionKey, TableKeys.TimelineRow(customerKey, touchpoint.MessageId))
        {
            [AtProperty] = touchpoint.Timestamp,
            [BodyProperty] = body,
        };

    /// <summary>The touchpoint an entity holds.</summary>
    /// <exception cref="InvalidDataException">The entity holds no touchpoint.</exception>
    public static Touchpoint FromEntity(TableEntity entity) =>
        TouchpointJson.Deserialize(entity.GetBinary(BodyProperty) ?? throw new InvalidDataException($"Timeline row {entity.PartitionKey}/{entity.RowKey} has no body."));
}
