using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Touchpoints.Ingest;

namespace Touchpoints.Storage;

/// <summary>
/// The link rows of anonymous ids (<c>i|{anonymous key}</c>) and their reverse rows (<c>l|{user key}|{anonymous key}</c>).
/// A link can change (an earlier identify wins, see <see cref="IdentityClaim"/>) and carries whether its anonymous
/// history has been moved, which every instance must see; so links are read with a point read whenever they are
/// needed, never served from a per-process cache.
/// </summary>
internal sealed class IdentityLinks(JourneyTable table)
{
    private const string ClaimAtProperty = "ClaimAt";
    private const string ClaimMessageIdProperty = "ClaimMessageId";
    private const string MovedProperty = "Moved";
    private const string LosersProperty = "Losers";
    private const int ReadConcurrency = 16;

    /// <summary>The link of an anonymous id, or null.</summary>
    public async Task<IdentityLink?> FindAsync(string anonymousId, CancellationToken cancellationToken)
    {
        var anonymousKey = TableKeys.Customer(anonymousId, anonymous: true);
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(table.PartitionOf(anonymousKey), TableKeys.IdentityRow(anonymousKey), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        // A JSON array: ids may hold any character, a separator included.
        var losers = row.GetString(LosersProperty) is { Length: > 0 } text ? JsonSerializer.Deserialize<string[]>(text) ?? [] : [];

        // A link written before claims were recorded wins against any claim, as the first link did then.
        var claim = new IdentityClaim(row.GetDateTimeOffset(ClaimAtProperty) ?? DateTimeOffset.MinValue, row.GetString(ClaimMessageIdProperty) ?? string.Empty);
        return new IdentityLink(anonymousId, row.GetString(IdentityEntity.UserKeyProperty), row.GetString(IdentityEntity.UserIdProperty), claim, row.GetBoolean(MovedProperty) ?? true, losers, row.ETag);
    }

    /// <summary>The links of distinct anonymous ids, by concurrent point reads.</summary>
    public async Task<Dictionary<string, IdentityLink?>> FindAllAsync(IReadOnlyCollection<string> anonymousIds, CancellationToken cancellationToken)
    {
        var ids = anonymousIds.Distinct(StringComparer.Ordinal).ToList();
        var found = new IdentityLink?[ids.Count];
        await Parallel.ForAsync(
            0,
            ids.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => found[i] = await FindAsync(ids[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        var links = new Dictionary<string, IdentityLink?>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            links[ids[i]] = found[i];
        }

        return links;
    }

    /// <summary>Links an unlinked anonymous id; false when another writer linked it first (read it again and decide).</summary>
    public async Task<bool> TryCreateAsync(string anonymousId, string userId, IdentityClaim claim, CancellationToken cancellationToken)
    {
        var anonymousKey = TableKeys.Customer(anonymousId, anonymous: true);
        var userKey = TableKeys.Customer(userId, anonymous: false);

        // The reverse row first: if we stop between the two, erasing the user still finds the anonymous id.
        await UpsertReverseAsync(anonymousId, anonymousKey, userId, userKey, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.Client.AddEntityAsync(LinkEntity(anonymousKey, userKey, userId, claim, moved: false, []), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces a link with a smaller claim, of the same user or another; a change of user records the previous one as a
    /// loser and leaves the move pending. False when the link changed since it was read.
    /// </summary>
    public async Task<bool> TryClaimAsync(IdentityLink current, string userId, IdentityClaim claim, CancellationToken cancellationToken)
    {
        var anonymousKey = TableKeys.Customer(current.AnonymousId, anonymous: true);
        var userKey = TableKeys.Customer(userId, anonymous: false);
        var sameUser = string.Equals(userKey, current.UserKey, StringComparison.Ordinal);
        if (!sameUser)
        {
            await UpsertReverseAsync(current.AnonymousId, anonymousKey, userId, userKey, cancellationToken).ConfigureAwait(false);
        }

        var losers = sameUser || current.Losers.Contains(current.UserId, StringComparer.Ordinal) ? current.Losers : [.. current.Losers, current.UserId];
        losers = losers.Where(l => !string.Equals(l, userId, StringComparison.Ordinal)).ToList();
        try
        {
            await table.Client.UpdateEntityAsync(LinkEntity(anonymousKey, userKey, userId, claim, sameUser && current.Moved, losers), current.ETag, TableUpdateMode.Replace, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Records whether a link's history has been moved, if the link is still as read; false when it changed.</summary>
    public async Task<bool> TrySetMovedAsync(IdentityLink link, bool moved, CancellationToken cancellationToken)
    {
        var anonymousKey = TableKeys.Customer(link.AnonymousId, anonymous: true);
        var entity = new TableEntity(table.PartitionOf(anonymousKey), TableKeys.IdentityRow(anonymousKey)) { [MovedProperty] = moved };
        try
        {
            await table.Client.UpdateEntityAsync(entity, link.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Marks a link's move pending whatever its state, so that if the move fails, the next writer or identify finishes it.</summary>
    public async Task MarkPendingAsync(string anonymousId, CancellationToken cancellationToken)
    {
        var anonymousKey = TableKeys.Customer(anonymousId, anonymous: true);
        var entity = new TableEntity(table.PartitionOf(anonymousKey), TableKeys.IdentityRow(anonymousKey)) { [MovedProperty] = false };
        try
        {
            await table.Client.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Erased meanwhile: nothing is linked, so nothing is to move.
        }
    }

    /// <summary>A customer's timeline, read in one row-key range of its partition.</summary>
    public async Task<List<Touchpoint>> ReadTimelineAsync(string customerKey, CancellationToken cancellationToken)
    {
        var timeline = new List<Touchpoint>();
        var filter = TableKeys.TimelineFilter(table.PartitionOf(customerKey), customerKey);
        await foreach (var row in table.Client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            timeline.Add(TimelineEntity.FromEntity(row));
        }

        return timeline;
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

    private async Task UpsertReverseAsync(string anonymousId, string anonymousKey, string userId, string userKey, CancellationToken cancellationToken) =>
        await table.Client.UpsertEntityAsync(
            new TableEntity(table.PartitionOf(userKey), IdentityEntity.ReverseRow(userKey, anonymousKey))
            {
                [IdentityEntity.AnonymousIdProperty] = anonymousId,
                [IdentityEntity.UserIdProperty] = userId,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);

    private TableEntity LinkEntity(string anonymousKey, string userKey, string userId, IdentityClaim claim, bool moved, IReadOnlyList<string> losers) =>
        new(table.PartitionOf(anonymousKey), TableKeys.IdentityRow(anonymousKey))
        {
            [IdentityEntity.UserKeyProperty] = userKey,
            [IdentityEntity.UserIdProperty] = userId,
            [ClaimAtProperty] = claim.At,
            [ClaimMessageIdProperty] = claim.MessageId,
            [MovedProperty] = moved,
            [LosersProperty] = JsonSerializer.Serialize(losers.ToArray()),
        };
}
