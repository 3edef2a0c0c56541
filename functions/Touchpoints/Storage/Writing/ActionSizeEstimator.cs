using Azure.Data.Tables;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// An upper bound of the bytes one action adds to a transaction's request, from the entity as it will be serialized:
/// binary properties travel as base64, and the SDK's JSON escapes every non-ASCII character (and a few ASCII ones) as
/// <c>\uXXXX</c>, so a string counts 6 bytes for each such character. Measured, not guessed, because a timeline body may
/// be bytes or a string depending on how it is stored.
/// </summary>
internal static class ActionSizeEstimator
{
    // The sub-request's boundary, request line (table URL, keys again for an update) and headers; the table's URL is
    // not known here, so this allows for a long account host name.
    private const int ActionOverheadBytes = 1024;

    // A journey row's keys, the customer id as sent (256 characters, each escaped to 6 bytes at worst), stage and touches.
    private const int JourneyColumnsBytes = 4096;

    // The type annotation ("X@odata.type":"Edm.Binary") and the quotes, colon and comma around a value.
    private const int PropertyOverheadBytes = 48;

    /// <summary>The estimated bytes of an action.</summary>
    public static long Estimate(TableTransactionAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var entity = action.Entity;
        long bytes = ActionOverheadBytes + (3L * JsonStringBytes(entity.PartitionKey)) + (3L * JsonStringBytes(entity.RowKey));
        if (entity is TableEntity table)
        {
            foreach (var (name, value) in table)
            {
                bytes += PropertyOverheadBytes + JsonStringBytes(name) + ValueBytes(value);
            }
        }
        else
        {
            // A typed entity: its properties are not enumerable here, so count it as the largest entity Azure accepts.
            bytes += 1024 * 1024;
        }

        return bytes;
    }

    /// <summary>The bytes a journey row's action takes with a record of the given encoded size: its chunks, keys and browsing columns.</summary>
    public static long JourneyActionBytes(long encodedBytes)
    {
        var chunks = Math.Max(1, (encodedBytes + JourneyEntity.MaxChunkBytes - 1) / JourneyEntity.MaxChunkBytes);
        return ActionOverheadBytes + JourneyColumnsBytes + (chunks * PropertyOverheadBytes) + Base64Bytes(encodedBytes);
    }

    private static long ValueBytes(object? value) => value switch
    {
        null => 4,
        byte[] binary => Base64Bytes(binary.Length),
        BinaryData data => Base64Bytes(data.ToMemory().Length),
        string text => JsonStringBytes(text),
        _ => 64,
    };

    private static long Base64Bytes(long length) => ((length + 2) / 3) * 4;

    // Quotes included; every character the default JSON encoder may escape counts as its six-byte escape.
    private static long JsonStringBytes(string text)
    {
        long bytes = 2;
        foreach (var c in text)
        {
            bytes += c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
        }

        return bytes;
    }
}
