using Azure;
using Azure.Data.Tables;
using Touchpoints.Ingest;

namespace Touchpoints.Storage;

/// <summary>
/// The ids whose touchpoints are refused after an erase with suppression ("suppress and delete"), until lifted. Each is a
/// tombstone row in the journey table's partition <see cref="Partition"/> whose row key is the id's
/// <see cref="CustomerKeyHash"/>: the id itself is kept nowhere. Ingest checks an in-memory copy, read again when it is
/// older than the refresh interval: the instance that suppresses or lifts sees it at once, other instances within one
/// interval.
/// </summary>
public sealed class SuppressionList
{
    /// <summary>The partition of the tombstones (bucket partitions are <c>b000</c>…, so scans of journeys never meet them).</summary>
    public const string Partition = "suppressed";

    private const string SuppressedAtProperty = "SuppressedAt";

    private readonly JourneyTable _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly Lock _update = new();
    private HashSet<string> _keys = new(StringComparer.Ordinal);
    private long _loadedAt = long.MinValue;

    /// <summary>Creates the list over the journey table.</summary>
    /// <param name="table">The journey table, which holds the tombstones in a partition of their own.</param>
    /// <param name="refresh">How old the in-memory copy may get before ingest reads the tombstones again.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public SuppressionList(JourneyTable table, TimeSpan refresh, TimeProvider? time = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentOutOfRangeException.ThrowIfLessThan(refresh, TimeSpan.Zero);
        _refresh = refresh;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Suppresses the ids: their later touchpoints are refused until lifted.</summary>
    public async Task SuppressAsync(IEnumerable<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var at = _time.GetUtcNow();
        foreach (var key in customerIds.Where(static id => id.Length > 0).Select(CustomerKeyHash.Of).Distinct(StringComparer.Ordinal))
        {
            await _table.Client.UpsertEntityAsync(new TableEntity(Partition, key) { [SuppressedAtProperty] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            Update(keys => keys.Add(key));
        }
    }

    /// <summary>Lifts the suppression of an id; false when it was not suppressed.</summary>
    public async Task<bool> LiftAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var key = CustomerKeyHash.Of(customerId);
        Update(keys => keys.Remove(key));
        try
        {
            await _table.Client.DeleteEntityAsync(Partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The touchpoints of <paramref name="touchpoints"/> that name no suppressed id, and how many were refused.</summary>
    internal async ValueTask<(IReadOnlyList<Touchpoint> Kept, int Refused)> ScreenAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        var keys = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return (touchpoints, 0);
        }

        var kept = touchpoints.Where(t => !Names(keys, t.UserId) && !Names(keys, t.AnonymousId) && !Names(keys, t.PreviousId)).ToList();
        return (kept, touchpoints.Count - kept.Count);
    }

    private static bool Names(HashSet<string> keys, string? id) => id is { Length: > 0 } && keys.Contains(CustomerKeyHash.Of(id));

    private async ValueTask<HashSet<string>> CurrentAsync(CancellationToken cancellationToken)
    {
        var loadedAt = Volatile.Read(ref _loadedAt);
        if (loadedAt != long.MinValue && _time.GetElapsedTime(loadedAt) < _refresh)
        {
            return Volatile.Read(ref _keys);
        }

        // Callers that find it stale at once may each read it; the reads are small and the last one wins.
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in _table.Client.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        lock (_update)
        {
            Volatile.Write(ref _keys, keys);
            Volatile.Write(ref _loadedAt, _time.GetTimestamp());
        }

        return Volatile.Read(ref _keys);
    }

    // Copy on write: readers hold a set that never changes under them.
    private void Update(Action<HashSet<string>> change)
    {
        lock (_update)
        {
            var keys = new HashSet<string>(Volatile.Read(ref _keys), StringComparer.Ordinal);
            change(keys);
            Volatile.Write(ref _keys, keys);
        }
    }
}
