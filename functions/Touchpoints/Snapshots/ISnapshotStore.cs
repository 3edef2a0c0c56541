namespace Touchpoints.Snapshots;

/// <summary>The snapshot job's only output: where the files of a day go and are read back from.</summary>
internal interface ISnapshotStore
{
    /// <summary>
    /// Writes a day's three files, <c>funnel.json</c> last so its presence means the day is complete, then moves
    /// <c>latest.json</c> forward when this is the newest day. Writes nothing once the token is cancelled.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="recordsScanned">Journey records read to compute it (blob metadata only: it changes as customers arrive after the day).</param>
    /// <param name="cancellationToken">Stops before the next write.</param>
    /// <returns>The names written.</returns>
    ValueTask<IReadOnlyList<string>> WriteAsync(FunnelSnapshot snapshot, long recordsScanned, CancellationToken cancellationToken);

    /// <summary>A day's file, or <c>latest.json</c> when <paramref name="date"/> is null; null when there is none.</summary>
    ValueTask<StoredSnapshot?> ReadAsync(string funnelId, DateOnly? date, SnapshotFormat format, CancellationToken cancellationToken);
}
