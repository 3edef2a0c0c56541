using System.Diagnostics.Metrics;

namespace Touchpoints.Storage;

/// <summary>
/// The write path's instruments (meter <see cref="MeterName"/>): how big the written batches are, how many entity group
/// transactions went to storage, and how many failed for a journey changed underneath (another writer, or a stale cache).
/// Tags are never ids: only whether a conflict was a real concurrent change.
/// </summary>
public sealed class StorageMetrics
{
    /// <summary>The meter's name, to enable in OpenTelemetry or <c>dotnet-counters</c>.</summary>
    public const string MeterName = "Touchpoints.Storage";

    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _transactions;
    private readonly Counter<long> _conflicts;

    /// <summary>Creates the instruments on a meter from the factory, so each host (and each test host) has its own.</summary>
    public StorageMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>("touchpoints.write.batch_size", "{touchpoint}", "Touchpoints per batch written to storage (a group commit or a direct write).");
        _transactions = meter.CreateCounter<long>("touchpoints.storage.transactions", "{transaction}", "Entity group transactions submitted.");
        _conflicts = meter.CreateCounter<long>(
            "touchpoints.storage.conflicts", "{transaction}", "Transactions that failed because a journey changed; kind=concurrent (another writer) or stale (an old cache entry). Each is retried.");
    }

    /// <summary>Records the size of one written batch.</summary>
    public void BatchWritten(int touchpoints) => _batchSize.Record(touchpoints);

    /// <summary>Counts one submitted transaction.</summary>
    internal void TransactionSubmitted() => _transactions.Add(1);

    /// <summary>Counts one transaction that failed on a changed journey.</summary>
    /// <param name="concurrent">True when another writer changed it after this one read; false when the cache was stale.</param>
    internal void JourneyConflict(bool concurrent) => _conflicts.Add(1, new KeyValuePair<string, object?>("kind", concurrent ? "concurrent" : "stale"));
}
