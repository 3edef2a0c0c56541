using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Storage;

/// <summary>
/// Links anonymous ids to known customers and routes touchpoints accordingly. A link never changes once written
/// (the first identify of an anonymous id wins), so links are cached for the life of the process; the absence of a
/// link is never cached, because another instance may write it at any moment.
/// </summary>
internal sealed class IdentityLinks
{
    private const int MaxCachedLinks = 200_000;

    private readonly JourneyTable _table;
    private readonly ConcurrentDictionary<string, (string UserKey, string UserId)> _links = new(StringComparer.Ordinal);

    // Anonymous keys whose history this process has seen moved completely. Identify calls repeat on every visit in
    // some SDKs; for these the history query is skipped. A history written later by a racing writer is moved by that
    // writer (JourneyWriter re-reads links after committing), and after a restart the first identify checks again.
    private readonly ConcurrentDictionary<string, byte> _settled = new(StringComparer.Ordinal);

    public IdentityLinks(JourneyTable table) => _table = table;

    /// <summary>The links of every anonymous id in a batch, looked up once per distinct id, concurrently.</summary>
    public async Task<Dictionary<string, (string UserKey, string UserId)?>> FindAllAsync(IReadOnlyList<Touchpoint> touchpoints, int concurrency, CancellationToken cancellationToken)
    {
        var links = new Dictionary<string, (string UserKey, string UserId)?>(StringComparer.Ordinal);
        foreach (var touchpoint in touchpoints)
        {
            if (touchpoint.UserId is null)
            {
                links.TryAdd(AnonymousIdOf(touchpoint), null);
            }
        }

        var ids = links.Keys.ToList();
        var found = new (string UserKey, string UserId)?[ids.Count];
        await Parallel.ForAsync(
            0,
            ids.Count,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) => found[i] = await FindAsync(ids[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            links[ids[i]] = found[i];
        }

        return links;
    }

    /// <summary>
    /// The customer a touchpoint's journey belongs to: its user, else the user its anonymous id is linked to (from
    /// <see cref="FindAllAsync"/>), else the anonymous id.
    /// </summary>
    public static (string Key, string CustomerId, bool Anonymous) Route(Touchpoint touchpoint, Dictionary<string, (string UserKey, string UserId)?> links)
    {
        if (touchpoint.UserId is { } userId)
        {
            return (TableKeys.Customer(userId, anonymous: false), userId, false);
        }

        var anonymousId = AnonymousIdOf(touchpoint);
        return links.GetValueOrDefault(anonymousId) is { } link
            ? (link.UserKey, link.UserId, false)
            : (TableKeys.Customer(anonymousId, anonymous: true), anonymousId, true);
    }

    private static string AnonymousIdOf(Touchpoint touchpoint) => touchpoint.AnonymousId ?? touchpoint.PreviousId!;

    /// <summary>The user an anonymous id is linked to, or null.</summary>
    public async ValueTask<(string UserKey, string UserId)?> FindAsync(string anonymousId, CancellationToken cancellationToken)
    {
        var anonymousKey = TableKeys.Customer(anonymousId, anonymous: true);
        if (_links.TryGetValue(anonymousKey, out var cached))
        {
            return cached;
        }

        var response = await _table.Client.GetEntityIfExistsAsync<TableEntity>(
            _table.PartitionOf(anonymousKey), TableKeys.IdentityRow(anonymousKey), [IdentityEntity.UserKeyProperty, IdentityEntity.UserIdProperty], cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var link = (response.Value!.GetString(IdentityEntity.UserKeyProperty), response.Value.GetString(IdentityEntity.UserIdProperty));
        Remember(anonymousKey, link);
        return link;
    }

    /// <summary>
    /// Links an anonymous id to a user (if it is not linked yet) and reads the anonymous history that must move to the
    /// user. Returns null when the id is already linked to another user (the first link wins).
    /// </summary>
    /// <param name="anonymousId">The anonymous id.</param>
    /// <param name="userId">The known customer's id.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    /// <param name="evenIfSettled">
    /// Read the history even if this process has seen it moved: a writer that committed anonymous rows while the move ran
    /// must look, whatever the move concluded.
    /// </param>
    public async Task<Migration?> LinkAsync(string anonymousId, string userId, CancellationToken cancellationToken, bool evenIfSettled = false)
    {
        var anonymousKey = TableKeys.Customer(anonymousId, anonymous: true);
        var userKey = TableKeys.Customer(userId, anonymous: false);
        var partition = _table.PartitionOf(anonymousKey);

        var existing = await FindAsync(anonymousId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // The reverse row first: if we stop between the two, erasing the user still finds the anonymous id.
            await _table.Client.UpsertEntityAsync(
                new TableEntity(_table.PartitionOf(userKey), IdentityEntity.ReverseRow(userKey, anonymousKey))
                {
                    [IdentityEntity.AnonymousIdProperty] = anonymousId,
                    [IdentityEntity.UserIdProperty] = userId,
                },
                TableUpdateMode.Replace,
                cancellationToken).ConfigureAwait(false);
            try
            {
                await _table.Client.AddEntityAsync(
                    new TableEntity(partition, TableKeys.IdentityRow(anonymousKey))
                    {
                        [IdentityEntity.UserKeyProperty] = userKey,
                        [IdentityEntity.UserIdProperty] = userId,
                    },
                    cancellationToken).ConfigureAwait(false);
                Remember(anonymousKey, (userKey, userId));
                existing = (userKey, userId);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                existing = await FindAsync(anonymousId, cancellationToken).ConfigureAwait(false);
            }
        }

        if (existing is not { } link || !string.Equals(link.UserKey, userKey, StringComparison.Ordinal))
        {
            return null;
        }

        if (!evenIfSettled && _settled.ContainsKey(anonymousKey))
        {
            return new Migration(anonymousKey, partition, userKey, userId, [], HasJourneys: false);
        }

        // Whatever is still stored under the anonymous key moves; after a crash mid-move, the next identify finishes it.
        var history = new List<Touchpoint>();
        var hasJourneys = false;
        var filter = TableKeys.TimelineFilter(partition, anonymousKey);
        await foreach (var row in _table.Client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            history.Add(TimelineEntity.FromEntity(row));
        }

        if (history.Count == 0)
        {
            var journeyFilter = TableKeys.RangeFilter(partition, "j|", "j}");
            await foreach (var row in _table.Client.QueryAsync<TableEntity>(journeyFilter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey.EndsWith("|" + anonymousKey, StringComparison.Ordinal))
                {
                    hasJourneys = true;
                    break;
                }
            }
        }

        if (history.Count == 0 && !hasJourneys)
        {
            MarkSettled(anonymousKey);
        }

        return new Migration(anonymousKey, partition, userKey, userId, history, hasJourneys);
    }

    /// <summary>Records that an anonymous key's history has been moved completely.</summary>
    public void MarkSettled(string anonymousKey)
    {
        if (_settled.Count >= MaxCachedLinks)
        {
            _settled.Clear();
        }

        _settled[anonymousKey] = 0;
    }

    /// <summary>Deletes the anonymous journeys and timeline once their touchpoints are applied to the user.</summary>
    public async Task RemoveAnonymousAsync(Migration migration, FunnelCatalog funnels, CancellationToken cancellationToken)
    {
        var rowKeys = migration.History.Select(t => TableKeys.TimelineRow(migration.AnonymousKey, t.MessageId))
            .Concat(funnels.Funnels.Select(f => TableKeys.JourneyRow(f.Id, migration.AnonymousKey)))
            .ToList();
        await DeleteRowsAsync(_table.Client, migration.Partition, rowKeys, cancellationToken).ConfigureAwait(false);
        MarkSettled(migration.AnonymousKey);
    }

    /// <summary>Deletes rows of one partition in transactions, ignoring rows that are already gone.</summary>
    internal static async Task<int> DeleteRowsAsync(TableClient client, string partition, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in rowKeys.Distinct(StringComparer.Ordinal).Chunk(JourneyWriter.MaxTransactionActions))
        {
            var remaining = chunk.ToList();
            while (remaining.Count > 0)
            {
                var actions = remaining.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)).ToList();
                TransactionRules.Ensure(actions);
                try
                {
                    await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    deleted += remaining.Count;
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.FailedTransactionActionIndex is int index && index < remaining.Count)
                {
                    remaining.RemoveAt(index);
                }
            }
        }

        return deleted;
    }

    private void Remember(string anonymousKey, (string UserKey, string UserId) link)
    {
        if (_links.Count >= MaxCachedLinks)
        {
            _links.Clear();
        }

        _links[anonymousKey] = link;
    }

    /// <summary>What moves from an anonymous key to a user.</summary>
    internal sealed record Migration(string AnonymousKey, string Partition, string UserKey, string UserId, IReadOnlyList<Touchpoint> History, bool HasJourneys);
}
