using Microsoft.Extensions.Logging;
using Touchpoints.Storage;

namespace Touchpoints.Ingest;

/// <summary>
/// Refuses the touchpoints of suppressed ids before the writer sees them, on every path (HTTP, pixel, Event Hubs): they
/// are stored nowhere (no journey, timeline or dead letter would keep the person's data), counted in
/// <see cref="IngestResult.Suppressed"/> and logged without ids. The caller answers as for an accepted touchpoint, as
/// Segment does, so a client cannot tell a suppressed id from another.
/// </summary>
internal sealed class SuppressingIngestor(ITouchpointIngestor inner, SuppressionList suppressions, ILogger<SuppressingIngestor> logger) : ITouchpointIngestor
{
    /// <inheritdoc />
    public async ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        var (kept, refused) = await suppressions.ScreenAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        if (refused == 0)
        {
            return await inner.IngestAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        }

        logger.TouchpointsSuppressed(refused);
        var result = kept.Count == 0 ? default : await inner.IngestAsync(kept, cancellationToken).ConfigureAwait(false);
        return result with { Suppressed = result.Suppressed + refused };
    }
}
