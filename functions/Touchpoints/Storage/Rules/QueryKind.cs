namespace Touchpoints.Storage.Rules;

/// <summary>How Azure answers a Table query: by its index (point read, row-key range) or by reading entities it then discards (scans).</summary>
public enum QueryKind
{
    /// <summary>One entity by PartitionKey and RowKey equality.</summary>
    PointRead,

    /// <summary>A RowKey range (one or two bounds) inside one partition.</summary>
    RangeQuery,

    /// <summary>One partition, read whole or filtered on something other than a RowKey range (an <c>or</c> of row keys included).</summary>
    PartitionScan,

    /// <summary>No PartitionKey equality: every partition is read.</summary>
    TableScan,
}
