using System.Runtime.ExceptionServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Touchpoints.Storage.Rules;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// Writes one partition's customers in rounds until every touchpoint is committed, a duplicate, or rejected. Each round
/// builds one unit per customer from the journeys as cached or read, packs the units into transactions and submits
/// them; a failed transaction commits nothing, and what its failure means decides the next round:
/// <list type="bullet">
/// <item>a timeline row exists: the duplicates are found by point reads and dropped;</item>
/// <item>a journey row changed: every journey row of the transaction is evicted and read again, so N stale customers cost one extra round, not N;</item>
/// <item>storage refused a touchpoint's data: that touchpoint is rejected with the reason and the rest go on.</item>
/// </list>
/// Only rounds that hit a change made after this write read the row count towards giving up: stale cache entries
/// alone can never exhaust the retries.
/// </summary>
internal sealed class PartitionWriter(
    JourneyTable table, JourneyCache cache, JourneyReader reader, TimelineProbe probe, CustomerActionBuilder builder, ILogger logger, StorageMetrics? metrics = null)
{
    private const int MaxConflictRounds = 32;

    private long _transactionsSubmitted;
    private long _concurrentChanges;
    private long _staleReads;

    /// <summary>How many transactions have been submitted.</summary>
    public long TransactionsSubmitted => Interlocked.Read(ref _transactionsSubmitted);

    /// <summary>How many transactions failed because another writer changed a journey after this one read it.</summary>
    public long ConcurrentChanges => Interlocked.Read(ref _concurrentChanges);

    /// <summary>How many transactions failed because a cached journey was older than the stored one (changed before this write read).</summary>
    public long StaleReads => Interlocked.Read(ref _staleReads);

    /// <summary>Writes the customers' pending touchpoints; returns how many transactions were submitted.</summary>
    /// <exception cref="RequestFailedException">Storage failed for a reason no touchpoint's data explains.</exception>
    /// <exception cref="InvalidOperationException">Other writers kept changing the journeys for <c>32</c> rounds.</exception>
    public async Task<int> WriteAsync(string partition, List<CustomerWork> customers, WriteOutcomes outcomes, CancellationToken cancellationToken)
    {
        var fresh = new RowFreshness();
        var transactions = 0;
        var conflicts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pending = customers.Where(static c => c.Pending.Count > 0).ToList();
            if (pending.Count == 0)
            {
                return transactions;
            }

            var states = await reader.ReadAsync(partition, pending, fresh, cancellationToken).ConfigureAwait(false);
            var units = new List<CustomerUnit>(pending.Count);
            foreach (var customer in pending)
            {
                var unit = builder.Build(partition, customer, states[customer.Key], outcomes);
                if (unit.Actions.Count == 0)
                {
                    customer.Complete(unit.Items.Count);
                }
                else
                {
                    units.Add(unit);
                }
            }

            var realConflict = false;
            var failed = false;
            foreach (var transaction in TransactionPacker.Pack(units))
            {
                var actions = transaction.SelectMany(static u => u.Actions).ToList();
                Interlocked.Increment(ref _transactionsSubmitted);
                metrics?.TransactionSubmitted();
                transactions++;
                TransactionFailure failure;
                ExceptionDispatchInfo refusal;
                try
                {
                    TransactionRules.Ensure(actions);
                    var response = await table.Client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    var offset = 0;
                    foreach (var unit in transaction)
                    {
                        Commit(unit, response.Value, offset, outcomes, fresh);
                        offset += unit.Actions.Count;
                    }

                    continue;
                }
                catch (RequestFailedException ex) when (ex.Status is >= 400 and < 500)
                {
                    failure = TransactionFailureClassifier.Classify(ex, transaction);
                    refusal = ExceptionDispatchInfo.Capture(ex);
                }
                catch (AzureStorageRuleException ex) when (ex.AzureErrorCode is not null && IndexOfRow(actions, ex.RowKey) is int refusedAt)
                {
                    // Azure's limits refused an entity before Azure would (the checks before every submit, or the request
                    // rules where they run): handled as Azure's answer, so one touchpoint's data fails only that touchpoint.
                    failure = TransactionFailureClassifier.Classify(ex, refusedAt, transaction);
                    refusal = ExceptionDispatchInfo.Capture(ex);
                }

                var handled = await HandleAsync(partition, transaction, failure, outcomes, fresh, cancellationToken).ConfigureAwait(false);
                if (handled is bool real)
                {
                    realConflict = real;
                    failed = true;
                    break;
                }

                var (index, status, code) = refusal.SourceException switch
                {
                    RequestFailedException storage => ((storage as TableTransactionFailedException)?.FailedTransactionActionIndex, storage.Status, storage.ErrorCode),
                    AzureStorageRuleException rule => (IndexOfRow(actions, rule.RowKey), 400, rule.AzureErrorCode),
                    _ => (null, 0, null),
                };
                logger.TransactionFailed(partition, index, status, code);
                refusal.Throw();
            }

            if (!failed)
            {
                conflicts = 0;
            }
            else if (realConflict)
            {
                conflicts++;
                if (conflicts >= MaxConflictRounds)
                {
                    throw new InvalidOperationException($"Partition {partition}: journeys kept changing under {MaxConflictRounds} rounds; giving up so the batch is retried.");
                }

                // Writers that collided on a customer would collide again in lockstep; a random, growing pause separates them.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(conflicts, 20)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static int? IndexOfRow(List<TableTransactionAction> actions, string? rowKey)
    {
        for (var i = 0; rowKey is not null && i < actions.Count; i++)
        {
            if (string.Equals(actions[i].Entity.RowKey, rowKey, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    private void Commit(CustomerUnit unit, IReadOnlyList<Response> responses, int offset, WriteOutcomes outcomes, RowFreshness fresh)
    {
        foreach (var item in unit.Timeline)
        {
            outcomes.Apply(item);
        }

        for (var j = 0; j < unit.Journeys.Count; j++)
        {
            var (rowKey, encoded, chunks) = unit.Journeys[j];
            var response = responses[offset + unit.Timeline.Count + j];
            if (response.Headers.ETag is { } etag)
            {
                cache.Set(rowKey, new CachedJourney(encoded, etag, chunks));
                fresh.MarkFresh(rowKey);
            }
            else
            {
                cache.Remove(rowKey);
            }
        }

        unit.Customer.Complete(unit.Items.Count);
    }

    // Null when the failure is not the writer's to handle; else whether the round met a change made after this write read the row.
    private async Task<bool?> HandleAsync(
        string partition, List<CustomerUnit> transaction, TransactionFailure failure, WriteOutcomes outcomes, RowFreshness fresh, CancellationToken cancellationToken)
    {
        switch (failure.Kind)
        {
            case TransactionFailureKind.Duplicate:
                {
                    // Every duplicate of the transaction at once, so a replayed batch costs one extra round per transaction, not one per touchpoint.
                    var inserts = transaction.SelectMany(static u => u.Timeline.Select(i => (Unit: u, Item: i, RowKey: TableKeys.TimelineRow(u.Customer.Key, i.Touchpoint.MessageId)))).ToList();
                    var existing = await probe.ExistingAsync(partition, inserts.Select(static i => i.RowKey).ToList(), cancellationToken).ConfigureAwait(false);
                    var dropped = 0;
                    foreach (var (unit, item, rowKey) in inserts)
                    {
                        if (existing.Contains(rowKey))
                        {
                            unit.Customer.Drop(item);
                            dropped++;
                        }
                    }

                    logger.DuplicatesDropped(partition, dropped);

                    // None left: the row existed when we inserted and is gone now (an identity move deleted it), a change like a 412.
                    return dropped == 0;
                }

            case TransactionFailureKind.JourneyChanged:
                {
                    var failedRow = transaction[failure.Unit].Actions[failure.Action].Entity.RowKey;
                    var real = fresh.IsRealConflict(failedRow);
                    if (real)
                    {
                        Interlocked.Increment(ref _concurrentChanges);
                    }
                    else
                    {
                        Interlocked.Increment(ref _staleReads);
                    }
                    metrics?.JourneyConflict(real);
                    logger.JourneysChanged(partition, transaction.Sum(static u => u.Journeys.Count), real);
                    foreach (var rowKey in transaction.SelectMany(static u => u.JourneyRowKeys))
                    {
                        cache.Remove(rowKey);
                        fresh.Forget(rowKey);
                    }

                    return real;
                }

            case TransactionFailureKind.TimelineRejected:
                {
                    var unit = transaction[failure.Unit];
                    var item = unit.Timeline[failure.Action];
                    outcomes.Reject(item, failure.Reason);
                    unit.Customer.Drop(item);
                    logger.TouchpointRejected(partition, failure.Reason);
                    return false;
                }

            case TransactionFailureKind.JourneyRejected:
                Narrow(transaction[failure.Unit], failure.Reason, outcomes, partition);
                return false;

            case TransactionFailureKind.Unattributed when transaction.Count > 1:
                foreach (var unit in transaction)
                {
                    unit.Customer.Alone = true;
                }

                return false;

            case TransactionFailureKind.Unattributed:
                Narrow(transaction[0], failure.Reason, outcomes, partition);
                return false;

            default:
                return null;
        }
    }

    // Storage refused a row built from several touchpoints: halve the round until one touchpoint alone is refused; that one is the culprit.
    private void Narrow(CustomerUnit unit, string reason, WriteOutcomes outcomes, string partition)
    {
        if (unit.Items.Count <= 1 && unit.Timeline.Count == 1)
        {
            outcomes.Reject(unit.Timeline[0], reason);
            unit.Customer.Drop(unit.Timeline[0]);
            logger.TouchpointRejected(partition, reason);
            return;
        }

        unit.Customer.Alone = true;
        unit.Customer.RoundLimit = Math.Max(1, unit.Items.Count / 2);
    }
}
