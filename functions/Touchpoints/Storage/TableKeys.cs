using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Touchpoints.Storage;

/// <summary>
/// The one-table layout. A customer's rows share a bucket partition, so a touchpoint's timeline row and its effect on
/// the customer's journeys commit in one entity group transaction:
/// <list type="bullet">
/// <item><c>PartitionKey</c> = <c>b{bucket:000}</c>, the bucket a stable hash of the customer key picks.</item>
/// <item><c>j|{funnel}|{customer}</c>: a journey record (<see cref="JourneyEntity"/>).</item>
/// <item><c>t|{customer}|{messageId}</c>: a timeline row; inserting one that exists is how a duplicate is recognised.</item>
/// <item><c>i|{anonymous customer}</c>: the known customer an anonymous id was linked to by identify or alias.</item>
/// <item>In partition <c>rebuild</c>, <c>r|{funnel}</c>: how far a rebuild of the funnel's journeys has come.</item>
/// </list>
/// Customer keys are <c>u:</c> or <c>a:</c> (known or anonymous) plus the id itself when it is short and made of safe
/// characters, else <c>~</c> and a SHA-256 of it: Table keys forbid <c>/ \ # ?</c> and control characters and hold
/// 1 KiB, and ids are free-form. The original id is stored in the row.
/// </summary>
public static class TableKeys
{
    /// <summary>The longest id used in a key as it is.</summary>
    private const int MaxPlainLength = 120;

    /// <summary>The key of a customer.</summary>
    public static string Customer(string id, bool anonymous) => (anonymous ? "a:" : "u:") + Encode(id);

    /// <summary>The partition of a customer key among <paramref name="bucketCount"/> buckets.</summary>
    public static string Partition(string customerKey, int bucketCount) => PartitionOfBucket(Bucket(customerKey, bucketCount));

    /// <summary>The bucket of a customer key: stable across processes and versions (xxHash32 of its UTF-8).</summary>
    public static int Bucket(string customerKey, int bucketCount)
    {
        Span<byte> hash = stackalloc byte[4];
        XxHash32.Hash(Encoding.UTF8.GetBytes(customerKey), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)bucketCount);
    }

    /// <summary>The partition key of a bucket.</summary>
    public static string PartitionOfBucket(int bucket) => "b" + bucket.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The row key of a customer's journey in a funnel.</summary>
    public static string JourneyRow(string funnelId, string customerKey) => $"j|{funnelId}|{customerKey}";

    /// <summary>The first row key of a funnel's journeys in a partition, inclusive.</summary>
    public static string JourneyRangeStart(string funnelId) => $"j|{funnelId}|";

    /// <summary>The end of a funnel's journey rows in a partition, exclusive (<c>}</c> sorts right after <c>|</c>).</summary>
    public static string JourneyRangeEnd(string funnelId) => $"j|{funnelId}}}";

    /// <summary>The first row key of a customer's journeys in any funnel is not contiguous; this is the prefix of every journey row.</summary>
    public const string JourneyPrefix = "j|";

    /// <summary>The row key of a timeline entry.</summary>
    public static string TimelineRow(string customerKey, string messageId) => $"t|{customerKey}|{Encode(messageId)}";

    /// <summary>The first row key of a customer's timeline, inclusive.</summary>
    public static string TimelineRangeStart(string customerKey) => $"t|{customerKey}|";

    /// <summary>The end of a customer's timeline rows, exclusive.</summary>
    public static string TimelineRangeEnd(string customerKey) => $"t|{customerKey}}}";

    /// <summary>The row key of the identity link of an anonymous customer key.</summary>
    public static string IdentityRow(string anonymousKey) => $"i|{anonymousKey}";

    /// <summary>The partition of rebuild checkpoints: not a bucket, so no journey or timeline scan reads it.</summary>
    public const string RebuildPartition = "rebuild";

    /// <summary>The row key of a funnel's rebuild checkpoint.</summary>
    public static string RebuildRow(string funnelId) => $"r|{funnelId}";

    /// <summary>The first row key of any timeline in a partition, inclusive.</summary>
    public const string TimelinesStart = "t|";

    /// <summary>The end of every timeline row in a partition, exclusive.</summary>
    public const string TimelinesEnd = "t}";

    /// <summary>The customer key of a timeline row key (<c>t|{customer}|{messageId}</c>); customer keys hold no <c>|</c>.</summary>
    public static string CustomerOfTimelineRow(string rowKey)
    {
        var end = rowKey.IndexOf('|', 2);
        return end < 0 ? throw new FormatException($"'{rowKey}' is not a timeline row key.") : rowKey[2..end];
    }

    /// <summary>The OData filter of a row-key range in one partition: start inclusive, end exclusive, values escaped.</summary>
    public static string RangeFilter(string partition, string start, string end) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {start} and RowKey lt {end}");

    /// <summary>The OData filter of a customer's timeline rows.</summary>
    public static string TimelineFilter(string partition, string customerKey) =>
        RangeFilter(partition, TimelineRangeStart(customerKey), TimelineRangeEnd(customerKey));

    /// <summary>An id as it may appear inside a key.</summary>
    public static string Encode(string id)
    {
        if (id.Length is > 0 and <= MaxPlainLength && IsPlain(id))
        {
            return id;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
        return "~" + Convert.ToHexStringLower(hash);
    }

    // Only characters that are legal in keys, unambiguous next to the '|' separators, and not '~' (the hashed form's marker).
    private static bool IsPlain(string id)
    {
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':' or '+' or '='))
            {
                return false;
            }
        }

        return true;
    }
}
