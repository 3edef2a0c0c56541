using Azure;
using Azure.Data.Tables;
using Touchpoints.Journeys;

namespace Touchpoints.Storage;

/// <summary>
/// How a <see cref="JourneyRecord"/> is stored: the compact encoding in binary properties of at most 64 KiB each
/// (<c>Data</c>, then <c>Data1</c>, <c>Data2</c>, … when a record is larger), plus a few plain columns for people
/// browsing the table.
/// </summary>
public static class JourneyEntity
{
    /// <summary>The largest binary property Table Storage accepts.</summary>
    public const int MaxChunkBytes = 64 * 1024;

    /// <summary>
    /// The most chunks a record may use: 320 KiB, room for the default funnel's worst case (about 65 KB) several times
    /// over and for funnels that count two events to their hundredth occurrence with their attribution, yet well under
    /// the 1 MiB entity and few enough that a scan's column selection stays short. Rows written with fewer still read.
    /// </summary>
    public const int MaxChunks = 5;

    /// <summary>Property: the customer's id as sent.</summary>
    public const string CustomerProperty = "Customer";

    /// <summary>Property: the furthest stage's name (for browsing; the record is authoritative).</summary>
    public const string StageProperty = "Stage";

    /// <summary>Property: the touch count (for browsing).</summary>
    public const string TouchesProperty = "Touches";

    /// <summary>Property: the first chunk of the encoded record.</summary>
    public const string DataProperty = "Data";

    /// <summary>The columns a reader of journeys selects.</summary>
    public static IReadOnlyList<string> DataColumns { get; } =
        [DataProperty, .. Enumerable.Range(1, MaxChunks - 1).Select(static i => DataProperty + i)];

    /// <summary>
    /// The entity of a record. When the stored entity had more chunks, the extra ones are written empty, so a merge
    /// never leaves stale bytes behind.
    /// </summary>
    public static TableEntity ToEntity(string partitionKey, string rowKey, JourneyRecord record, IReadOnlyList<string> stageNames, int previousChunks, ETag etag) =>
        ToEntity(partitionKey, rowKey, record, JourneyRecordCodec.Encode(record), stageNames, previousChunks, etag);

    /// <summary>The entity of a record already encoded with <see cref="JourneyRecordCodec.Encode"/>.</summary>
    public static TableEntity ToEntity(string partitionKey, string rowKey, JourneyRecord record, byte[] bytes, IReadOnlyList<string> stageNames, int previousChunks, ETag etag)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(bytes);
        var chunks = Math.Max(1, (bytes.Length + MaxChunkBytes - 1) / MaxChunkBytes);
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"Journey {rowKey} encodes to {bytes.Length} bytes, over the {MaxChunks * MaxChunkBytes} the entity can hold.");
        }

        var furthest = record.FurthestStage;
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [CustomerProperty] = record.CustomerId,
            [StageProperty] = furthest >= 0 && furthest < stageNames.Count ? stageNames[furthest] : string.Empty,
            [TouchesProperty] = record.TouchCount,
            ETag = etag,
        };
        for (var i = 0; i < Math.Max(chunks, previousChunks); i++)
        {
            var start = i * MaxChunkBytes;
            entity[ChunkName(i)] = i < chunks ? bytes.AsSpan(start, Math.Min(MaxChunkBytes, bytes.Length - start)).ToArray() : Array.Empty<byte>();
        }

        return entity;
    }

    /// <summary>The record an entity holds, and how many chunk properties it has.</summary>
    /// <exception cref="InvalidDataException">The entity holds no record or a damaged one.</exception>
    public static (JourneyRecord Record, int Chunks) FromEntity(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        var chunks = 0;
        for (var i = 0; i < MaxChunks; i++)
        {
            var chunk = entity.GetBinary(ChunkName(i));
            if (chunk is null)
            {
                break;
            }

            chunks++;
            buffer.Write(chunk);
        }

        if (buffer.Length == 0)
        {
            throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} holds no journey record.");
        }

        return (JourneyRecordCodec.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), chunks);
    }

    private static string ChunkName(int index) => index == 0 ? DataProperty : DataProperty + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
