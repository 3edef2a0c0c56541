using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Storage.Writing;

/// <summary>
/// Identity merges. An identify or alias claims an anonymous id for a user; of all claims on one id, the one with the
/// earliest event time (then the smallest message id) wins, so the winner does not depend on arrival order
/// (invariant 1). Whatever is stored of the anonymous id then moves to the winner: its own rows, and its touchpoints a
/// previous winner's timeline holds, which leave that user's timeline while that user's journeys are recomputed from
/// what remains. A link records whether its move is finished; it is marked pending before any step that can fail, so
/// a move cut short is finished by the next write or identify that involves the anonymous id, on any instance.
/// </summary>
internal sealed class IdentityMerger(JourneyTable table, FunnelCatalog funnels, IdentityLinks links, JourneyReader reader, JourneyCache cache, ILogger logger)
{
    private const int MaxClaimAttempts = 8;
    private const int MaxRecomputeAttempts = 8;
    // Claims and history reads of a batch run this many at a time (point reads and one-customer ranges).
    private const int ClaimConcurrency = 16;

    /// <summary>Applies a batch's identify and alias claims; returns the anonymous ids whose history must move.</summary>
    public async Task<HashSet<string>> ClaimAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken)
    {
        // Only a batch's smallest claim on an id can win, so the others need no round trip.
        var claims = new Dictionary<string, (string UserId, IdentityClaim Claim)>(StringComparer.Ordinal);
        foreach (var touchpoint in touchpoints)
        {
            if (ClaimOf(touchpoint) is not { } claimed)
            {
                continue;
            }

            if (!claims.TryGetValue(claimed.AnonymousId, out var best) || claimed.Claim < best.Claim)
            {
                claims[claimed.AnonymousId] = (claimed.UserId, claimed.Claim);
            }
        }

        var pairs = claims.ToList();
        var move = new bool[pairs.Count];
        await Parallel.ForAsync(
            0,
            pairs.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ClaimConcurrency, CancellationToken = cancellationToken },
            async (i, token) => move[i] = await ClaimAsync(pairs[i].Key, pairs[i].Value.UserId, pairs[i].Value.Claim, token).ConfigureAwait(false)).ConfigureAwait(false);
        var moves = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (move[i])
            {
                moves.Add(pairs[i].Key);
            }
        }

        return moves;
    }

    /// <summary>The anonymous id, user and claim of an identify or alias; null for other touchpoints.</summary>
    public static (string AnonymousId, string UserId, IdentityClaim Claim)? ClaimOf(Touchpoint touchpoint)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        var anonymousId = touchpoint.Type switch
        {
            TouchpointType.Identify => touchpoint.AnonymousId,
            TouchpointType.Alias => touchpoint.PreviousId ?? touchpoint.AnonymousId,
            _ => null,
        };
        return anonymousId is not null && touchpoint.UserId is { } userId ? (anonymousId, userId, new IdentityClaim(touchpoint.Timestamp, touchpoint.MessageId)) : null;
    }

    // Whether the id's history must move (the link is new, changed user, or has a move pending).
    private async Task<bool> ClaimAsync(string anonymousId, string userId, IdentityClaim claim, CancellationToken cancellationToken)
    {
        var userKey = TableKeys.Customer(userId, anonymous: false);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var link = await links.FindAsync(anonymousId, cancellationToken).ConfigureAwait(false);
            if (link is null)
            {
                if (await links.TryCreateAsync(anonymousId, userId, claim, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                continue;
            }

            var sameUser = string.Equals(link.UserKey, userKey, StringComparison.Ordinal);
            if (claim < link.Claim)
            {
                // A smaller claim of the same user lowers the stored one too: a claim of another user that arrives later must be compared with the smallest.
                if (!await links.TryClaimAsync(link, userId, claim, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                if (!sameUser)
                {
                    logger.IdentityRelinked();
                    return true;
                }
            }
            else if (!sameUser)
            {
                logger.IdentityClaimLost();
            }

            return !link.Moved;
        }

        throw new InvalidOperationException($"The link of an anonymous id kept changing under {MaxClaimAttempts} attempts; giving up so the batch is retried.");
    }

    /// <summary>
    /// Moves everything stored of the anonymous ids to the users they are linked to: replays it through
    /// <paramref name="write"/> (which routes it by the links), then deletes it where it was and marks the move done.
    /// </summary>
    public async Task MoveAsync(IReadOnlyCollection<string> anonymousIds, Func<IReadOnlyList<Touchpoint>, CancellationToken, Task<WriteOutcomes>> write, CancellationToken cancellationToken)
    {
        var found = (await links.FindAllAsync(anonymousIds, cancellationToken).ConfigureAwait(false)).Values.OfType<IdentityLink>().ToList();
        var moves = new (IdentityLink Link, List<Touchpoint> Own, List<(string UserId, List<Touchpoint> Rows)> FromLosers)[found.Count];
        await Parallel.ForAsync(
            0,
            found.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ClaimConcurrency, CancellationToken = cancellationToken },
            async (i, token) => moves[i] = await ReadHistoryAsync(found[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        var replay = moves.SelectMany(static m => m.FromLosers.SelectMany(static l => l.Rows).Concat(m.Own)).ToList();

        var outcomes = replay.Count > 0 ? await write(replay, cancellationToken).ConfigureAwait(false) : new WriteOutcomes(0);
        foreach (var (link, own, fromLosers) in moves)
        {
            var anonymousKey = TableKeys.Customer(link.AnonymousId, anonymous: true);
            var partition = table.PartitionOf(anonymousKey);

            // A touchpoint storage refused stays where it is, rather than vanish.
            var rowKeys = own.Where(t => !outcomes.IsRejectedHistory(t.MessageId)).Select(t => TableKeys.TimelineRow(anonymousKey, t.MessageId))
                .Concat(funnels.Funnels.Select(f => TableKeys.JourneyRow(f.Id, anonymousKey)))
                .ToList();
            await IdentityLinks.DeleteRowsAsync(table.Client, partition, rowKeys, cancellationToken).ConfigureAwait(false);
            cache.RemoveCustomer(anonymousKey, funnels);
            foreach (var (loser, rows) in fromLosers)
            {
                if (rows.Count > 0)
                {
                    await RecomputeAsync(loser, link.AnonymousId, cancellationToken).ConfigureAwait(false);
                }
            }

            // If the link changed meanwhile, its move stays pending for the writer that changed it.
            await links.TrySetMovedAsync(link, moved: true, cancellationToken).ConfigureAwait(false);
            logger.MoveFinished(own.Count + fromLosers.Sum(static l => l.Rows.Count), fromLosers.Count(static l => l.Rows.Count > 0));
        }
    }

    // What is stored of an anonymous id: its own timeline, and its touchpoints in the timelines of users it was linked to before.
    private async Task<(IdentityLink Link, List<Touchpoint> Own, List<(string UserId, List<Touchpoint> Rows)> FromLosers)> ReadHistoryAsync(
        IdentityLink link, CancellationToken cancellationToken)
    {
        var own = await links.ReadTimelineAsync(TableKeys.Customer(link.AnonymousId, anonymous: true), cancellationToken).ConfigureAwait(false);
        var fromLosers = new List<(string UserId, List<Touchpoint> Rows)>();
        foreach (var loser in link.Losers)
        {
            var rows = (await links.ReadTimelineAsync(TableKeys.Customer(loser, anonymous: false), cancellationToken).ConfigureAwait(false))
                .Where(t => IsAnonymousTouchpointOf(t, link.AnonymousId))
                .ToList();
            fromLosers.Add((loser, rows));
        }

        return (link, own, fromLosers);
    }

    // An anonymous id's own touchpoint, as a previous winner's timeline holds it after a move.
    private static bool IsAnonymousTouchpointOf(Touchpoint touchpoint, string anonymousId) =>
        touchpoint.UserId is null && string.Equals(TouchpointRouter.AnonymousIdOf(touchpoint), anonymousId, StringComparison.Ordinal);

    /// <summary>
    /// Takes an anonymous id's touchpoints out of a user that lost the id: deletes them from the user's timeline and
    /// rebuilds the user's journeys from what remains (a journey is a summary of its set of touchpoints, so the rebuild
    /// equals the journey that user would have had without them). The journeys are replaced with If-Match on the ETags
    /// read before the timeline, so a concurrent write to the user makes it read again.
    /// </summary>
    private async Task RecomputeAsync(string loserId, string anonymousId, CancellationToken cancellationToken)
    {
        var loserKey = TableKeys.Customer(loserId, anonymous: false);
        var partition = table.PartitionOf(loserKey);
        var list = funnels.Funnels;
        for (var attempt = 0; attempt < MaxRecomputeAttempts; attempt++)
        {
            var states = new CachedJourney[list.Count];
            for (var f = 0; f < list.Count; f++)
            {
                states[f] = await reader.ReadAsync(partition, TableKeys.JourneyRow(list[f].Id, loserKey), cancellationToken).ConfigureAwait(false);
            }

            var timeline = await links.ReadTimelineAsync(loserKey, cancellationToken).ConfigureAwait(false);
            var leaving = timeline.Where(t => IsAnonymousTouchpointOf(t, anonymousId)).Select(t => TableKeys.TimelineRow(loserKey, t.MessageId)).ToList();
            if (leaving.Count == 0)
            {
                return;
            }

            var remaining = timeline.Where(t => !IsAnonymousTouchpointOf(t, anonymousId)).ToList();
            var actions = new List<TableTransactionAction>();
            for (var f = 0; f < list.Count; f++)
            {
                var rowKey = TableKeys.JourneyRow(list[f].Id, loserKey);
                if (states[f].IsNew)
                {
                    continue;
                }

                if (remaining.Count == 0)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), states[f].ETag));
                    continue;
                }

                var record = new JourneyRecord(list[f], loserId, false);
                foreach (var touchpoint in remaining)
                {
                    record.Apply(touchpoint, list[f]);
                }

                var entity = JourneyEntity.ToEntity(partition, rowKey, record, list[f].Stages, states[f].Chunks, states[f].ETag);
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, states[f].ETag));
            }

            // The journeys and the first deletes commit together; any further deletes follow, and a rerun after a crash
            // between them rebuilds from the timeline again.
            var first = leaving.Take(TransactionPacker.MaxActions - actions.Count).ToList();
            actions.AddRange(first.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)));
            TransactionRules.Ensure(actions);
            try
            {
                await table.Client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
            {
                cache.RemoveCustomer(loserKey, funnels);
                continue;
            }

            await IdentityLinks.DeleteRowsAsync(table.Client, partition, leaving.Skip(first.Count).ToList(), cancellationToken).ConfigureAwait(false);
            cache.RemoveCustomer(loserKey, funnels);
            return;
        }

        throw new InvalidOperationException($"Partition {partition}: a journey kept changing while an identity move rebuilt it; giving up so the batch is retried.");
    }
}
