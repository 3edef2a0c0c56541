namespace Touchpoints.Storage.Writing;

/// <summary>
/// Tells a real concurrent change from a stale cache entry when a journey row's If-Match fails, within one partition
/// write. A row is fresh once this write has read it or written it; a conflict on a fresh row means another writer
/// changed it since, and counts towards giving up. A conflict on a row that was not fresh is excused once per row, so
/// stale entries alone (however many) cannot exhaust the retries, and a row the cache keeps serving stale (a sibling
/// write of this process refilling it) still cannot retry forever.
/// </summary>
internal sealed class RowFreshness
{
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    private readonly HashSet<string> _excused = new(StringComparer.Ordinal);

    /// <summary>Records that this write read or wrote the row.</summary>
    public void MarkFresh(string rowKey) => _fresh.Add(rowKey);

    /// <summary>Records that the row was evicted: its next state comes from a new read.</summary>
    public void Forget(string rowKey) => _fresh.Remove(rowKey);

    /// <summary>Whether a conflict on the row counts as a real concurrent change.</summary>
    public bool IsRealConflict(string rowKey) => _fresh.Contains(rowKey) || !_excused.Add(rowKey);
}
