using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Storage;

/// <summary>
/// Applies batches of touchpoints to journeys and timelines in the one table. Per bucket partition, each customer's
/// timeline inserts and journey updates go in the same entity group transaction, so a touchpoint and its effect commit
/// together:
/// <list type="bullet">
/// <item>a timeline insert that conflicts (409) is a duplicate: it is dropped and the rest retried (invariant 2);</item>
/// <item>a journey update is conditional on the ETag read (If-Match); a 412 means another writer got there first: re-read, re-apply, retry (invariant 3);</item>
/// <item>an identify or alias first links the anonymous id, then replays its stored history into the known customer through the same path, so the merged journey equals the one built had the link come first (invariant 1).</item>
/// </list>
/// </summary>
public sealed class JourneyWriter : ITouchpointIngestor
{
    /// <summary>The most actions an entity group transaction may hold.</summary>
    public const int MaxTransactionActions = 100;

    // Keep well under the 4 MiB request limit: binary properties travel as base64 and each entity carries overhead.
    private const long MaxTransactionPayloadBytes = 3 * 1024 * 1024;
    private const int EntityOverheadBytes = 1024;
    private const int MaxConflictAttempts = 32;
    private const int PartitionConcurrency = 8;
    private const int ReadConcurrency = 16;

    private readonly JourneyTable _table;
    private readonly FunnelCatalog _funnels;
    private readonly JourneyCache _cache;
    private readonly IdentityLinks _identities;
    private readonly ILogger<JourneyWriter> _logger;
    private long _batchesWritten;
    private long _transactionsSubmitted;

    /// <summary>Creates a writer.</summary>
    public JourneyWriter(JourneyTable table, FunnelCatalog funnels, int cacheSize = 100_000, ILogger<JourneyWriter>? logger = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _funnels = funnels ?? throw new ArgumentNullException(nameof(funnels));
        _cache = new JourneyCache(cacheSize);
        _identities = new IdentityLinks(table);
        _logger = logger ?? NullLogger<JourneyWriter>.Instance;
        if (funnels.Funnels.Count >= MaxTransactionActions / 2)
        {
            throw new ArgumentException($"{funnels.Funnels.Count} funnels leave no room for timeline rows in a {MaxTransactionActions}-action transaction.", nameof(funnels));
        }
    }

    /// <summary>How many batches this writer has written (for the group commit's tests and the benchmark).</summary>
    internal long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    /// <summary>How many entity group transactions this writer has submitted.</summary>
    internal long TransactionsSubmitted => Interlocked.Read(ref _transactionsSubmitted);

    /// <inheritdoc />
    public async ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        var applied = await WriteAsync(touchpoints, cancellationToken).ConfigureAwait(false);
        var count = applied.Count(static a => a);
        return new IngestResult(count, applied.Length - count);
    }

    /// <summary>Applies touchpoints; the result says, per input, whether it was applied (false: a duplicate).</summary>
    /// <exception cref="RequestFailedException">Storage failed; some partitions may have committed, and a retry of the whole batch is safe.</exception>
    public async Task<bool[]> WriteAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        var applied = new bool[touchpoints.Count];
        if (touchpoints.Count == 0)
        {
            return applied;
        }

        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _batchesWritten);

        // Links first, so this batch's own anonymous touchpoints already route to the known customer.
        var migrations = new List<IdentityLinks.Migration>();
        foreach (var (anonymousId, userId) in IdentityPairs(touchpoints))
        {
            var migration = await _identities.LinkAsync(anonymousId, userId, cancellationToken).ConfigureAwait(false);
            if (migration is null)
            {
                _logger.IdentityConflict();
            }
            else if (migration.History.Count > 0 || migration.HasJourneys)
            {
                migrations.Add(migration);
            }
        }

        var links = await _identities.FindAllAsync(touchpoints, ReadConcurrency, cancellationToken).ConfigureAwait(false);
        var items = new List<WorkItem>(touchpoints.Count);
        for (var i = 0; i < touchpoints.Count; i++)
        {
            var touchpoint = touchpoints[i];
            var (key, customerId, anonymous) = IdentityLinks.Route(touchpoint, links);
            items.Add(new WorkItem(touchpoint, i, key, customerId, anonymous));
        }

        foreach (var migration in migrations)
        {
            foreach (var touchpoint in migration.History)
            {
                items.Add(new WorkItem(touchpoint, -1, migration.UserKey, migration.UserId, Anonymous: false));
            }
        }

        var partitions = new Dictionary<string, Dictionary<string, CustomerWork>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var partition = _table.PartitionOf(item.CustomerKey);
            if (!partitions.TryGetValue(partition, out var customers))
            {
                partitions[partition] = customers = new Dictionary<string, CustomerWork>(StringComparer.Ordinal);
            }

            if (!customers.TryGetValue(item.CustomerKey, out var customer))
            {
                customers[item.CustomerKey] = customer = new CustomerWork(item.CustomerKey, item.CustomerId, item.Anonymous);
            }

            customer.Add(item);
        }

        var transactions = 0;
        using var gate = new SemaphoreSlim(PartitionConcurrency);
        var tasks = partitions.Select(async pair =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var written = await WritePartitionAsync(pair.Key, [.. pair.Value.Values], applied, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref transactions, written);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks).ConfigureAwait(false);

        foreach (var migration in migrations)
        {
            await _identities.RemoveAnonymousAsync(migration, _funnels, cancellationToken).ConfigureAwait(false);
            foreach (var funnel in _funnels.Funnels)
            {
                _cache.Remove(TableKeys.JourneyRow(funnel.Id, migration.AnonymousKey));
            }

            _logger.IdentityLinked(migration.History.Count);
        }

        await MoveLateAnonymousWritesAsync(items, cancellationToken).ConfigureAwait(false);

        var appliedCount = applied.Count(static a => a);
        _logger.BatchWritten(touchpoints.Count, touchpoints.Count - appliedCount, transactions, partitions.Count);
        return applied;
    }

    // An identify on another instance may have linked an anonymous id between our routing and our commit, after its
    // move of the anonymous history had already read it. So, after committing, look again: whoever is second sees the
    // other (the identify writes its link before reading the history; we commit before reading the link), and moves it.
    private async Task MoveLateAnonymousWritesAsync(List<WorkItem> items, CancellationToken cancellationToken)
    {
        var anonymousIds = items.Where(static i => i.Anonymous).Select(static i => i.CustomerId).Distinct(StringComparer.Ordinal).ToList();
        if (anonymousIds.Count == 0)
        {
            return;
        }

        var links = new (string UserKey, string UserId)?[anonymousIds.Count];
        await Parallel.ForAsync(
            0,
            anonymousIds.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => links[i] = await _identities.FindAsync(anonymousIds[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        for (var i = 0; i < anonymousIds.Count; i++)
        {
            if (links[i] is not { } link)
            {
                continue;
            }

            var migration = await _identities.LinkAsync(anonymousIds[i], link.UserId, cancellationToken, evenIfSettled: true).ConfigureAwait(false);
            if (migration is not null && (migration.History.Count > 0 || migration.HasJourneys))
            {
                // The link is cached now, so these route to the known customer; duplicates of what the identify moved are dropped.
                await WriteAsync(migration.History, cancellationToken).ConfigureAwait(false);
                await _identities.RemoveAnonymousAsync(migration, _funnels, cancellationToken).ConfigureAwait(false);
                foreach (var funnel in _funnels.Funnels)
                {
                    _cache.Remove(TableKeys.JourneyRow(funnel.Id, migration.AnonymousKey));
                }

                _logger.IdentityLinked(migration.History.Count);
            }
        }
    }

    private static IEnumerable<(string AnonymousId, string UserId)> IdentityPairs(IReadOnlyList<Touchpoint> touchpoints)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var touchpoint in touchpoints)
        {
            if (touchpoint.UserId is not { } userId)
            {
                continue;
            }

            var anonymousId = touchpoint.Type switch
            {
                TouchpointType.Identify => touchpoint.AnonymousId,
                TouchpointType.Alias => touchpoint.PreviousId ?? touchpoint.AnonymousId,
                _ => null,
            };
            if (anonymousId is not null && seen.Add((anonymousId, userId)))
            {
                yield return (anonymousId, userId);
            }
        }
    }

    private async Task<int> WritePartitionAsync(string partition, List<CustomerWork> customers, bool[] applied, CancellationToken cancellationToken)
    {
        var perUnit = MaxTransactionActions - _funnels.Funnels.Count;
        var transactions = 0;
        // Counts consecutive rounds that hit a conflict; a round that commits everything it tried starts again at 1.
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pending = customers.Where(static c => c.Pending.Count > 0).ToList();
            if (pending.Count == 0)
            {
                return transactions;
            }

            if (attempt > MaxConflictAttempts)
            {
                throw new InvalidOperationException($"Partition {partition}: journeys kept changing under {MaxConflictAttempts} attempts; giving up so the batch is retried.");
            }

            await PrefetchAsync(partition, pending, cancellationToken).ConfigureAwait(false);

            // One unit per customer per round: a customer's later touchpoints build on the ETag this round returns.
            var units = new List<Unit>(pending.Count);
            foreach (var customer in pending)
            {
                units.Add(await BuildUnitAsync(partition, customer, perUnit, cancellationToken).ConfigureAwait(false));
            }

            foreach (var unit in units.Where(static u => u.Actions.Count == 0))
            {
                unit.Customer.Complete(unit.Items.Count);
            }

            var failed = false;
            foreach (var transaction in Pack(units.Where(static u => u.Actions.Count > 0)))
            {
                var actions = transaction.SelectMany(static u => u.Actions).ToList();
                TransactionRules.Ensure(actions);
                Interlocked.Increment(ref _transactionsSubmitted);
                try
                {
                    var response = await _table.Client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    transactions++;
                    var offset = 0;
                    foreach (var unit in transaction)
                    {
                        Commit(unit, response.Value, offset, applied);
                        offset += unit.Actions.Count;
                    }
                }
                catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex is int index && index < actions.Count)
                {
                    transactions++;
                    if (!await HandleFailureAsync(partition, transaction, actions, index, ex, attempt, cancellationToken).ConfigureAwait(false))
                    {
                        _logger.TransactionFailed(partition, ex.FailedTransactionActionIndex, ex.Status, ex.ErrorCode);
                        throw;
                    }

                    failed = true;
                    break;
                }
            }

            if (!failed)
            {
                attempt = 0;
            }
            else
            {
                // Writers that collided on a customer would collide again in lockstep; a random, growing pause separates them.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 20)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Unit> BuildUnitAsync(string partition, CustomerWork customer, int perUnit, CancellationToken cancellationToken)
    {
        var funnels = _funnels.Funnels;
        var states = new CachedJourney[funnels.Count];
        var records = new JourneyRecord[funnels.Count];
        for (var f = 0; f < funnels.Count; f++)
        {
            var rowKey = TableKeys.JourneyRow(funnels[f].Id, customer.Key);
            if (!_cache.TryGet(rowKey, out states[f]))
            {
                states[f] = await ReadJourneyAsync(partition, rowKey, cancellationToken).ConfigureAwait(false);
                _cache.Set(rowKey, states[f]);
            }

            records[f] = states[f].IsNew
                ? new JourneyRecord(funnels[f], customer.CustomerId, customer.Anonymous)
                : JourneyRecordCodec.Decode(states[f].Encoded);
        }

        var unit = new Unit(customer);
        foreach (var item in customer.Pending.Take(perUnit))
        {
            unit.Items.Add(item);
            var isNew = false;
            for (var f = 0; f < funnels.Count; f++)
            {
                // Every funnel sees the same touchpoints, so their recent-id windows agree; the timeline insert stays the exact check.
                isNew |= records[f].Apply(item.Touchpoint, funnels[f]);
            }

            if (!isNew)
            {
                // A replay the recent-id window recognised: no round trip, and it stays marked as not applied.
                continue;
            }

            var body = TouchpointJson.Serialize(item.Touchpoint);
            unit.Actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TimelineEntity.ToEntity(partition, customer.Key, item.Touchpoint, body)));
            unit.Timeline.Add(item);
            unit.PayloadBytes += (body.Length * 4 / 3) + EntityOverheadBytes;
        }

        if (unit.Timeline.Count == 0)
        {
            return unit;
        }

        for (var f = 0; f < funnels.Count; f++)
        {
            var rowKey = TableKeys.JourneyRow(funnels[f].Id, customer.Key);
            var encoded = JourneyRecordCodec.Encode(records[f]);
            var entity = JourneyEntity.ToEntity(partition, rowKey, records[f], encoded, funnels[f].Stages, states[f].Chunks, states[f].IsNew ? default : states[f].ETag);
            unit.Actions.Add(new TableTransactionAction(states[f].IsNew ? TableTransactionActionType.Add : TableTransactionActionType.UpdateMerge, entity, entity.ETag));
            unit.Journeys.Add((rowKey, encoded, Math.Max(1, (encoded.Length + JourneyEntity.MaxChunkBytes - 1) / JourneyEntity.MaxChunkBytes)));
            unit.PayloadBytes += (encoded.Length * 4 / 3) + EntityOverheadBytes;
        }

        return unit;
    }

    // Reads every journey row of the round that the cache lacks, concurrently: one read per customer per batch, not one after another.
    private async Task PrefetchAsync(string partition, List<CustomerWork> customers, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var customer in customers)
        {
            foreach (var funnel in _funnels.Funnels)
            {
                var rowKey = TableKeys.JourneyRow(funnel.Id, customer.Key);
                if (!_cache.TryGet(rowKey, out _))
                {
                    missing.Add(rowKey);
                }
            }
        }

        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (rowKey, token) => _cache.Set(rowKey, await ReadJourneyAsync(partition, rowKey, token).ConfigureAwait(false))).ConfigureAwait(false);
    }

    private async Task<CachedJourney> ReadJourneyAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.Client.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return new CachedJourney(null, default, 0);
        }

        var (record, chunks) = JourneyEntity.FromEntity(response.Value!);
        return new CachedJourney(JourneyRecordCodec.Encode(record), response.Value!.ETag, chunks);
    }

    private void Commit(Unit unit, IReadOnlyList<Response> responses, int offset, bool[] applied)
    {
        foreach (var item in unit.Timeline)
        {
            if (item.Index >= 0)
            {
                applied[item.Index] = true;
            }
        }

        for (var j = 0; j < unit.Journeys.Count; j++)
        {
            var (rowKey, encoded, chunks) = unit.Journeys[j];
            var response = responses[offset + unit.Timeline.Count + j];
            if (response.Headers.ETag is { } etag)
            {
                _cache.Set(rowKey, new CachedJourney(encoded, etag, chunks));
            }
            else
            {
                _cache.Remove(rowKey);
            }
        }

        unit.Customer.Complete(unit.Items.Count);
    }

    private async Task<bool> HandleFailureAsync(
        string partition, List<Unit> transaction, List<TableTransactionAction> actions, int index, TableTransactionFailedException ex, int attempt, CancellationToken cancellationToken)
    {
        var failedUnit = transaction[0];
        var start = 0;
        foreach (var unit in transaction)
        {
            if (index < start + unit.Actions.Count)
            {
                failedUnit = unit;
                break;
            }

            start += unit.Actions.Count;
        }

        var isTimeline = index - start < failedUnit.Timeline.Count;
        if (isTimeline && ex.Status == 409)
        {
            // A timeline row exists: a duplicate. Find every one in this transaction at once, so a replayed batch costs one
            // extra round trip per transaction rather than one per touchpoint.
            var existing = await ExistingTimelineRowsAsync(partition, actions, cancellationToken).ConfigureAwait(false);
            var dropped = 0;
            foreach (var unit in transaction)
            {
                foreach (var item in unit.Timeline)
                {
                    if (existing.Contains(TableKeys.TimelineRow(unit.Customer.Key, item.Touchpoint.MessageId)))
                    {
                        unit.Customer.Drop(item);
                        dropped++;
                    }
                }
            }

            _logger.DuplicatesDropped(partition, dropped);
            return dropped > 0;
        }

        if (!isTimeline && ex.Status is 409 or 412 or 404)
        {
            _logger.JourneyConflict(partition, ex.Status, attempt);
            foreach (var funnel in _funnels.Funnels)
            {
                _cache.Remove(TableKeys.JourneyRow(funnel.Id, failedUnit.Customer.Key));
            }

            return true;
        }

        return false;
    }

    private async Task<HashSet<string>> ExistingTimelineRowsAsync(string partition, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var rowKeys = actions.Where(static a => a.ActionType == TableTransactionActionType.Add && a.Entity.RowKey.StartsWith("t|", StringComparison.Ordinal))
            .Select(static a => a.Entity.RowKey).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in rowKeys.Chunk(16))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + string.Join(" or ", chunk.Select(static k => TableClient.CreateQueryFilter($"RowKey eq {k}"))) + ")";
            await foreach (var entity in _table.Client.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                existing.Add(entity.RowKey);
            }
        }

        return existing;
    }

    private static IEnumerable<List<Unit>> Pack(IEnumerable<Unit> units)
    {
        var current = new List<Unit>();
        var actions = 0;
        long payload = 0;
        foreach (var unit in units)
        {
            if (current.Count > 0 && (actions + unit.Actions.Count > MaxTransactionActions || payload + unit.PayloadBytes > MaxTransactionPayloadBytes))
            {
                yield return current;
                current = [];
                actions = 0;
                payload = 0;
            }

            current.Add(unit);
            actions += unit.Actions.Count;
            payload += unit.PayloadBytes;
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    private sealed record WorkItem(Touchpoint Touchpoint, int Index, string CustomerKey, string CustomerId, bool Anonymous);

    private sealed class CustomerWork(string key, string customerId, bool anonymous)
    {
        private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);

        public string Key { get; } = key;

        public string CustomerId { get; } = customerId;

        public bool Anonymous { get; } = anonymous;

        public List<WorkItem> Pending { get; } = [];

        // A message id seen twice in one batch is a duplicate before any storage is asked.
        public void Add(WorkItem item)
        {
            if (_messageIds.Add(item.Touchpoint.MessageId))
            {
                Pending.Add(item);
            }
        }

        public void Drop(WorkItem item) => Pending.Remove(item);

        public void Complete(int count) => Pending.RemoveRange(0, count);
    }

    private sealed class Unit(CustomerWork customer)
    {
        public CustomerWork Customer { get; } = customer;

        public List<WorkItem> Items { get; } = [];

        public List<WorkItem> Timeline { get; } = [];

        public List<TableTransactionAction> Actions { get; } = [];

        public List<(string RowKey, byte[] Encoded, int Chunks)> Journeys { get; } = [];

        public long PayloadBytes { get; set; }
    }
}
