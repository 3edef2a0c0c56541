using System.Collections.Concurrent;
using System.Globalization;

namespace Touchpoints.Storage.Rules;

/// <summary>
/// What <see cref="AzureStorageRules"/> saw, by kind: queries by how Azure answers them (each page is a request, and
/// Azure bills and throttles every entity a scan reads), transactions, and entity writes. Thread-safe; tests and the
/// benchmark read it and <see cref="Reset"/> it.
/// </summary>
public sealed class StorageRequestCounts
{
    private const int RecentScanCapacity = 32;

    private readonly ConcurrentQueue<string> _recentScans = new();
    private long _pointReads;
    private long _rangeQueries;
    private long _partitionScans;
    private long _tableScans;
    private long _transactions;
    private long _entitiesAdded;
    private long _entitiesUpdated;
    private long _entitiesUpserted;
    private long _entitiesDeleted;
    private long _pointReadEntities;
    private long _rangeEntities;
    private long _scanEntities;
    private long _largestRange;

    /// <summary>Point reads (PartitionKey and RowKey equality).</summary>
    public long PointReads => Interlocked.Read(ref _pointReads);

    /// <summary>RowKey range queries inside one partition (pages).</summary>
    public long RangeQueries => Interlocked.Read(ref _rangeQueries);

    /// <summary>Partition scans (pages).</summary>
    public long PartitionScans => Interlocked.Read(ref _partitionScans);

    /// <summary>Table scans (pages).</summary>
    public long TableScans => Interlocked.Read(ref _tableScans);

    /// <summary>Partition and table scans.</summary>
    public long Scans => PartitionScans + TableScans;

    /// <summary>Entity group transactions sent.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Entities inserted, alone or in transactions.</summary>
    public long EntitiesAdded => Interlocked.Read(ref _entitiesAdded);

    /// <summary>Entities replaced or merged with an ETag condition.</summary>
    public long EntitiesUpdated => Interlocked.Read(ref _entitiesUpdated);

    /// <summary>Entities replaced or merged without an ETag condition (upserts).</summary>
    public long EntitiesUpserted => Interlocked.Read(ref _entitiesUpserted);

    /// <summary>Entities deleted.</summary>
    public long EntitiesDeleted => Interlocked.Read(ref _entitiesDeleted);

    /// <summary>Entities returned by point reads.</summary>
    public long PointReadEntities => Interlocked.Read(ref _pointReadEntities);

    /// <summary>Entities returned by range queries: a range as wide as a partition reads as much as a scan of it.</summary>
    public long RangeEntities => Interlocked.Read(ref _rangeEntities);

    /// <summary>Entities returned by scans (Azure bills the entities it reads, which may be more).</summary>
    public long ScanEntities => Interlocked.Read(ref _scanEntities);

    /// <summary>The most entities one range query page returned.</summary>
    public long LargestRange => Interlocked.Read(ref _largestRange);

    /// <summary>The latest scans (kind, table and filter), newest last, to say where a scan came from.</summary>
    public IReadOnlyList<string> RecentScans => [.. _recentScans];

    /// <summary>Sets every count to zero and forgets the recent scans.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _pointReads, 0);
        Interlocked.Exchange(ref _rangeQueries, 0);
        Interlocked.Exchange(ref _partitionScans, 0);
        Interlocked.Exchange(ref _tableScans, 0);
        Interlocked.Exchange(ref _transactions, 0);
        Interlocked.Exchange(ref _entitiesAdded, 0);
        Interlocked.Exchange(ref _entitiesUpdated, 0);
        Interlocked.Exchange(ref _entitiesUpserted, 0);
        Interlocked.Exchange(ref _entitiesDeleted, 0);
        Interlocked.Exchange(ref _pointReadEntities, 0);
        Interlocked.Exchange(ref _rangeEntities, 0);
        Interlocked.Exchange(ref _scanEntities, 0);
        Interlocked.Exchange(ref _largestRange, 0);
        _recentScans.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{PointReads} point reads, {RangeQueries} range queries (largest {LargestRange} entities), {PartitionScans} partition scans, {TableScans} table scans " +
        $"({PointReadEntities}/{RangeEntities}/{ScanEntities} entities read by point reads/ranges/scans), {Transactions} transactions, " +
        $"entities: {EntitiesAdded} added, {EntitiesUpdated} updated, {EntitiesUpserted} upserted, {EntitiesDeleted} deleted");

    internal void CountQuery(QueryKind kind, string? table, string filter)
    {
        switch (kind)
        {
            case QueryKind.PointRead:
                Interlocked.Increment(ref _pointReads);
                return;
            case QueryKind.RangeQuery:
                Interlocked.Increment(ref _rangeQueries);
                return;
            case QueryKind.PartitionScan:
                Interlocked.Increment(ref _partitionScans);
                break;
            default:
                Interlocked.Increment(ref _tableScans);
                break;
        }

        _recentScans.Enqueue($"{kind} of {table}: {(filter.Length == 0 ? "(no filter)" : filter)}");
        while (_recentScans.Count > RecentScanCapacity && _recentScans.TryDequeue(out _))
        {
        }
    }

    internal void CountEntitiesRead(QueryKind kind, int entities)
    {
        switch (kind)
        {
            case QueryKind.PointRead:
                Interlocked.Add(ref _pointReadEntities, entities);
                break;
            case QueryKind.RangeQuery:
                Interlocked.Add(ref _rangeEntities, entities);
                var largest = Interlocked.Read(ref _largestRange);
                while (entities > largest && Interlocked.CompareExchange(ref _largestRange, entities, largest) != largest)
                {
                    largest = Interlocked.Read(ref _largestRange);
                }

                break;
            default:
                Interlocked.Add(ref _scanEntities, entities);
                break;
        }
    }

    internal void CountTransaction() => Interlocked.Increment(ref _transactions);

    internal void CountWrite(EntityWriteKind kind)
    {
        switch (kind)
        {
            case EntityWriteKind.Add:
                Interlocked.Increment(ref _entitiesAdded);
                break;
            case EntityWriteKind.Update:
                Interlocked.Increment(ref _entitiesUpdated);
                break;
            case EntityWriteKind.Upsert:
                Interlocked.Increment(ref _entitiesUpserted);
                break;
            default:
                Interlocked.Increment(ref _entitiesDeleted);
                break;
        }
    }
}
