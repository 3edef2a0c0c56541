namespace Touchpoints.Ingest;

/// <summary>
/// The pipeline's entry for validated touchpoints, whatever host or trigger they came through. When the returned task
/// completes, every touchpoint is durably applied to its customer's journeys and timeline (or was a duplicate).
/// </summary>
public interface ITouchpointIngestor
{
    /// <summary>Applies touchpoints to journeys and timelines.</summary>
    /// <param name="touchpoints">Validated touchpoints, in any order; duplicates (by message id) are recognised and skipped.</param>
    /// <param name="cancellationToken">Cancels waiting; a write already sent may still commit, which is harmless because ingest is idempotent.</param>
    /// <returns>How many were applied and how many were duplicates.</returns>
    /// <exception cref="Azure.RequestFailedException">Storage failed after retries; nothing is acknowledged, and a redelivery is safe.</exception>
    /// <exception cref="TouchpointsRejectedException">
    /// Storage refused some touchpoints because of their own data (it names them and why); every other touchpoint was
    /// applied. A redelivery of the same data fails the same way.
    /// </exception>
    ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken);
}
