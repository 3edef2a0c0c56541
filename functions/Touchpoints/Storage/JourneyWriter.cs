using System.Diagnostics;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage.Writing;

namespace Touchpoints.Storage;

/// <summary>
/// Applies batches of touchpoints to journeys and timelines in the one table. Per bucket partition, each customer's
/// timeline inserts and journey updates go in the same entity group transaction, so a touchpoint and its effect commit
/// together. The work is split into parts (<c>Storage/Writing</c>): identity claims and moves
/// (<see cref="IdentityMerger"/>), routing (<see cref="TouchpointRouter"/>), each customer's actions
/// (<see cref="CustomerActionBuilder"/>), packing (<see cref="TransactionPacker"/>), failure classification
/// (<see cref="TransactionFailureClassifier"/>) and the retry rounds of a partition (<see cref="PartitionWriter"/>).
/// </summary>
public sealed class JourneyWriter : ITouchpointIngestor
{
    /// <summary>The most actions an entity group transaction may hold.</summary>
    public const int MaxTransactionActions = TransactionPacker.MaxActions;

    private const int PartitionConcurrency = 8;

    private readonly JourneyTable _table;
    private readonly IdentityLinks _links;
    private readonly IdentityMerger _merger;
    private readonly PartitionWriter _partitions;
    private readonly ILogger _logger;
    private readonly StorageMetrics? _metrics;
    private long _batchesWritten;

    /// <summary>Creates a writer with caches of its own (tests, tools); a host shares them with the customer store through DI.</summary>
    public JourneyWriter(JourneyTable table, FunnelCatalog funnels, int cacheSize = 100_000, ILogger<JourneyWriter>? logger = null)
        : this(table, funnels, new JourneyCache(cacheSize), logger)
    {
    }

    /// <summary>Creates a writer over a journey cache it shares (with the customer store, so an erase evicts it).</summary>
    internal JourneyWriter(JourneyTable table, FunnelCatalog funnels, JourneyCache cache, ILogger<JourneyWriter>? logger = null, StorageMetrics? metrics = null)
    {
        _metrics = metrics;
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentNullException.ThrowIfNull(funnels);
        ArgumentNullException.ThrowIfNull(cache);
        if (funnels.Funnels.Count >= MaxTransactionActions / 2)
        {
            throw new ArgumentException($"{funnels.Funnels.Count} funnels leave no room for timeline rows in a {MaxTransactionActions}-action transaction.", nameof(funnels));
        }

        _logger = logger ?? NullLogger<JourneyWriter>.Instance;
        _links = new IdentityLinks(table);
        var reader = new JourneyReader(table, funnels, cache);
        _merger = new IdentityMerger(table, funnels, _links, reader, cache, _logger);
        _partitions = new PartitionWriter(table, cache, reader, new TimelineProbe(table), new CustomerActionBuilder(funnels), _logger, metrics);
    }

    /// <summary>How many batches this writer has written (for the group commit's tests and the benchmark).</summary>
    internal long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    /// <summary>How many entity group transactions this writer has submitted.</summary>
    internal long TransactionsSubmitted => _partitions.TransactionsSubmitted;

    /// <summary>Transactions that failed because another writer changed a journey after this one read it: proof that writers overlapped.</summary>
    internal long ConcurrentChanges => _partitions.ConcurrentChanges;

    /// <summary>Transactions that failed because this writer's cached journey was older than the stored one.</summary>
    internal long StaleReads => _partitions.StaleReads;

    /// <inheritdoc />
    /// <exception cref="TouchpointsRejectedException">Storage refused some touchpoints' data; all the others were applied.</exception>
    public async ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        var outcomes = await WriteBatchAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        var result = ResultOf(outcomes, 0, touchpoints.Count);
        var rejected = outcomes.Rejected(touchpoints, 0, touchpoints.Count);
        return rejected.Count == 0 ? result : throw new TouchpointsRejectedException(rejected, result);
    }

    /// <summary>Applies touchpoints; the result says, per input, whether it was applied (false: a duplicate).</summary>
    /// <exception cref="RequestFailedException">Storage failed; some partitions may have committed, and a retry of the whole batch is safe.</exception>
    /// <exception cref="TouchpointsRejectedException">Storage refused some touchpoints' data; all the others were applied.</exception>
    public async Task<bool[]> WriteAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        var outcomes = await WriteBatchAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        var rejected = outcomes.Rejected(touchpoints, 0, touchpoints.Count);
        return rejected.Count == 0 ? outcomes.Applied : throw new TouchpointsRejectedException(rejected, ResultOf(outcomes, 0, touchpoints.Count));
    }

    /// <summary>What a range of a written batch did.</summary>
    internal static IngestResult ResultOf(WriteOutcomes outcomes, int offset, int count)
    {
        var applied = 0;
        var duplicates = 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (outcomes.Applied[i])
            {
                applied++;
            }
            else if (outcomes.Rejections[i] is null)
            {
                duplicates++;
            }
        }

        return new IngestResult(applied, duplicates);
    }

    /// <summary>Applies touchpoints and says what became of each: applied, a duplicate, or rejected for its data (with the reason).</summary>
    internal async Task<WriteOutcomes> WriteBatchAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        if (touchpoints.Count == 0)
        {
            return new WriteOutcomes(0);
        }

        Interlocked.Increment(ref _batchesWritten);
        _metrics?.BatchWritten(touchpoints.Count);

        // Every batch comes through here, the group commit's included, so this is the one write activity. Counts only.
        using var activity = TouchpointTelemetry.ActivitySource.StartActivity("touchpoints.write batch", ActivityKind.Internal);
        activity?.SetTag("touchpoints.count", touchpoints.Count);
        var outcomes = await WriteCoreAsync(touchpoints, moving: false, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("touchpoints.applied", outcomes.Applied.Count(static a => a));
        return outcomes;
    }

    // A move replays history through here with moving set: it routes by the links as they are, and starts no moves itself.
    private async Task<WriteOutcomes> WriteCoreAsync(IReadOnlyList<Touchpoint> touchpoints, bool moving, CancellationToken cancellationToken)
    {
        var outcomes = new WriteOutcomes(touchpoints.Count);
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        // Claims first, so this batch's own anonymous touchpoints already route to the user that wins.
        var moves = moving ? new HashSet<string>(StringComparer.Ordinal) : await _merger.ClaimAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        var anonymousIds = touchpoints.Where(static t => t.UserId is null).Select(TouchpointRouter.AnonymousIdOf).Distinct(StringComparer.Ordinal).ToList();
        var links = await _links.FindAllAsync(anonymousIds, cancellationToken).ConfigureAwait(false);
        foreach (var link in links.Values)
        {
            // A move left pending (cut short by a failure, or by a link that changed) is finished by whoever writes next.
            if (!moving && link is { Moved: false })
            {
                moves.Add(link.AnonymousId);
            }
        }

        var items = new List<WorkItem>(touchpoints.Count);
        for (var i = 0; i < touchpoints.Count; i++)
        {
            items.Add(TouchpointRouter.Route(touchpoints[i], i, links));
        }

        var partitions = TouchpointRouter.Group(items, _table.PartitionOf);
        if (!moving)
        {
            Activity.Current?.SetTag("touchpoints.partitions", partitions.Count);
        }

        var transactions = 0;
        using (var gate = new SemaphoreSlim(PartitionConcurrency))
        {
            await Task.WhenAll(partitions.Select(async pair =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    Interlocked.Add(ref transactions, await _partitions.WriteAsync(pair.Key, pair.Value, outcomes, cancellationToken).ConfigureAwait(false));
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        if (!moving)
        {
            moves.UnionWith(await LateRoutesAsync(links, cancellationToken).ConfigureAwait(false));
            if (moves.Count > 0)
            {
                await _merger.MoveAsync(moves, (history, token) => WriteCoreAsync(history, moving: true, token), cancellationToken).ConfigureAwait(false);
            }
        }

        _logger.BatchWritten(touchpoints.Count, touchpoints.Count - outcomes.AppliedCount, transactions, partitions.Count);
        return outcomes;
    }

    // An identify on another instance may have linked (or relinked) an anonymous id between our routing and our commit,
    // after its move had read the history. So, after committing, read the links again: whoever is second sees the other
    // (a claim writes its link before reading histories; we commit before reading the link). A route that no longer
    // matches marks the move pending before moving, so a failure here is finished by the next writer.
    private async Task<List<string>> LateRoutesAsync(Dictionary<string, IdentityLink?> routed, CancellationToken cancellationToken)
    {
        // The ids routed are exactly those of the batch's touchpoints without a user id.
        if (routed.Count == 0)
        {
            return [];
        }

        var now = await _links.FindAllAsync(routed.Keys, cancellationToken).ConfigureAwait(false);
        var late = new List<string>();
        foreach (var (anonymousId, link) in now)
        {
            if (link is not null && (routed[anonymousId] is not { } before || !string.Equals(before.UserKey, link.UserKey, StringComparison.Ordinal)))
            {
                _logger.MovePending();
                await _links.MarkPendingAsync(anonymousId, cancellationToken).ConfigureAwait(false);
                late.Add(anonymousId);
            }
        }

        return late;
    }
}
