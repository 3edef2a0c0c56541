using BenchmarkDotNet.Attributes;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Testing;

namespace Touchpoints.Benchmarks.Micro;

/// <summary>
/// The hot pure code, without storage: reading a message, applying a batch to journey records, encoding a record,
/// deriving keys, aggregating a snapshot. Public and unsealed because BenchmarkDotNet generates code around it.
/// </summary>
[MemoryDiagnoser]
public class PipelineMicroBenchmarks
{
    private const int BatchSize = 500;

    private const int SnapshotRecords = 1_000;

    private byte[] _message = [];
    private Touchpoint[] _batch = [];
    private FunnelDefinition _funnel = null!;
    private JourneyRecord _record = null!;
    private JourneyRecord[] _records = [];
    private SnapshotDay[] _days = [];

    [GlobalSetup]
    public void Setup()
    {
        _funnel = FunnelDefinitionLoader.Load(RepositoryPaths.Combine("funnels", "default.json"))[0];
        var workload = Workload.Create(BatchSize + (SnapshotRecords * 10), 2_000, seed: 5);
        _message = workload.Messages[0];
        _batch = workload.Touchpoints[..BatchSize];
        _records = workload.Touchpoints[BatchSize..]
            .GroupBy(static t => t.CustomerId, StringComparer.Ordinal)
            .Take(SnapshotRecords)
            .Select(customer =>
            {
                var record = new JourneyRecord(_funnel, customer.Key, isAnonymous: false);
                foreach (var touchpoint in customer)
                {
                    record.Apply(touchpoint, _funnel);
                }

                return record;
            })
            .ToArray();
        _record = _records[0];
        var day = DateOnly.FromDateTime(Workload.Start.UtcDateTime).AddDays(Workload.Days - 1);
        _days = [SnapshotDay.Of(day, TimeZoneInfo.Utc)];
    }

    /// <summary>One Segment message, parsed and validated into a touchpoint.</summary>
    [Benchmark]
    public int ReadMessage() => TouchpointReader.Read(_message, impliedType: null, Workload.ReceivedAt).Touchpoints.Count;

    /// <summary>A batch of 500 touchpoints applied to the journey records of its customers (new records, as on a cold cache).</summary>
    [Benchmark]
    public int ApplyBatch()
    {
        var records = new Dictionary<string, JourneyRecord>(StringComparer.Ordinal);
        foreach (var touchpoint in _batch)
        {
            if (!records.TryGetValue(touchpoint.CustomerId, out var record))
            {
                records[touchpoint.CustomerId] = record = new JourneyRecord(_funnel, touchpoint.CustomerId, touchpoint.IsAnonymous);
            }

            record.Apply(touchpoint, _funnel);
        }

        return records.Count;
    }

    /// <summary>A typical record encoded for storage.</summary>
    [Benchmark]
    public int EncodeRecord() => JourneyRecordCodec.Encode(_record).Length;

    /// <summary>A touchpoint's customer key, bucket partition and timeline row key.</summary>
    [Benchmark]
    public int DeriveKeys()
    {
        var touchpoint = _batch[0];
        var customer = TableKeys.Customer(touchpoint.CustomerId, touchpoint.IsAnonymous);
        return TableKeys.Partition(customer, 16).Length + TableKeys.TimelineRow(customer, touchpoint.MessageId).Length;
    }

    /// <summary>1,000 journey records added to one day's snapshot aggregate.</summary>
    [Benchmark]
    public long AggregateSnapshot()
    {
        var aggregate = new FunnelScanAggregate(_days, _funnel, stalledDays: 14);
        foreach (var record in _records)
        {
            aggregate.Add(record);
        }

        return aggregate.RecordsScanned;
    }
}
