using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Storage;

/// <summary>Reads and erases customers in the one table.</summary>
public sealed class TableCustomerJourneyStore : ICustomerJourneyStore
{
    private const int MaxEraseRounds = 50;

    private readonly JourneyTable _table;
    private readonly FunnelCatalog _funnels;
    private readonly IdentityLinks _identities;
    private readonly JourneyCache? _cache;
    private readonly ILogger<TableCustomerJourneyStore> _logger;

    /// <summary>Creates the store.</summary>
    public TableCustomerJourneyStore(JourneyTable table, FunnelCatalog funnels, ILogger<TableCustomerJourneyStore>? logger = null)
        : this(table, funnels, cache: null, logger)
    {
    }

    /// <summary>Creates the store over the journey cache the writer uses, so an erase evicts the erased customer from it.</summary>
    internal TableCustomerJourneyStore(JourneyTable table, FunnelCatalog funnels, JourneyCache? cache, ILogger<TableCustomerJourneyStore>? logger = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _funnels = funnels ?? throw new ArgumentNullException(nameof(funnels));
        _identities = new IdentityLinks(table);
        _cache = cache;
        _logger = logger ?? NullLogger<TableCustomerJourneyStore>.Instance;
    }

    /// <inheritdoc />
    public async Task<CustomerJourneys?> GetAsync(string customerId, int pageSize, string? page, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var offset = 0;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw new ArgumentException($"Page token '{page}' is not valid.", nameof(page));
        }

        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var key = TableKeys.Customer(customerId, anonymous: false);
        var resolvedId = customerId;
        var journeys = await ReadJourneysAsync(key, cancellationToken).ConfigureAwait(false);
        if (journeys.Count == 0)
        {
            var link = await _identities.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
            (key, resolvedId) = link is not null ? (link.UserKey, link.UserId) : (TableKeys.Customer(customerId, anonymous: true), customerId);
            journeys = await ReadJourneysAsync(key, cancellationToken).ConfigureAwait(false);
        }

        if (journeys.Count == 0)
        {
            return null;
        }

        // Timeline rows are keyed by message id (that is what makes a duplicate insert fail), so newest-first needs a sort;
        // a timeline is one customer's touchpoints, read in one partition range.
        var timeline = new List<(DateTimeOffset At, string RowKey, TableEntity Entity)>();
        var partition = _table.PartitionOf(key);
        var filter = TableKeys.TimelineFilter(partition, key);
        await foreach (var row in _table.Client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            timeline.Add((row.GetDateTimeOffset(TimelineEntity.AtProperty) ?? DateTimeOffset.MinValue, row.RowKey, row));
        }

        timeline.Sort(static (a, b) => b.At != a.At ? b.At.CompareTo(a.At) : string.CompareOrdinal(b.RowKey, a.RowKey));
        var pageRows = timeline.Skip(offset).Take(pageSize).Select(static r => TimelineEntity.FromEntity(r.Entity)).ToList();
        var next = offset + pageSize < timeline.Count ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : null;
        return new CustomerJourneys(customerId, resolvedId, journeys, pageRows, next);
    }

    /// <inheritdoc />
    public async Task<CustomerErasure> EraseAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        // Erase exactly what a read of the id shows: a read of an anonymous id linked to a user shows that user's
        // journeys, so erasing it erases the user and everything linked to the user (its own rows go with them).
        var erasedIds = new List<string> { customerId };
        var userKey = TableKeys.Customer(customerId, anonymous: false);
        if ((await ReadJourneysAsync(userKey, cancellationToken).ConfigureAwait(false)).Count == 0
            && await _identities.FindAsync(customerId, cancellationToken).ConfigureAwait(false) is { } link
            && !string.Equals(link.UserId, customerId, StringComparison.Ordinal))
        {
            var linked = await EraseUserAsync(link.UserId, erasedIds, cancellationToken).ConfigureAwait(false);
            var own = await EraseUserAsync(customerId, erasedIds, cancellationToken).ConfigureAwait(false);
            return new CustomerErasure(linked + own, erasedIds);
        }

        return new CustomerErasure(await EraseUserAsync(customerId, erasedIds, cancellationToken).ConfigureAwait(false), erasedIds);
    }

    private async Task<int> EraseUserAsync(string customerId, List<string> erasedIds, CancellationToken cancellationToken)
    {
        AddOnce(erasedIds, customerId);
        var userKey = TableKeys.Customer(customerId, anonymous: false);
        var deleted = await EraseKeyAsync(userKey, cancellationToken).ConfigureAwait(false);

        // Every anonymous id linked to the user: its link, and anything still stored under it.
        var userPartition = _table.PartitionOf(userKey);
        var reverse = new List<(string RowKey, string AnonymousId)>();
        var filter = TableKeys.RangeFilter(userPartition, IdentityEntity.ReverseRangeStart(userKey), IdentityEntity.ReverseRangeEnd(userKey));
        await foreach (var row in _table.Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            reverse.Add((row.RowKey, row.GetString(IdentityEntity.AnonymousIdProperty)));
        }

        foreach (var (_, anonymousId) in reverse)
        {
            AddOnce(erasedIds, anonymousId);
            var anonymousKey = TableKeys.Customer(anonymousId, anonymous: true);
            deleted += await EraseKeyAsync(anonymousKey, cancellationToken).ConfigureAwait(false);
            deleted += await IdentityLinks.DeleteRowsAsync(_table.Client, _table.PartitionOf(anonymousKey), [TableKeys.IdentityRow(anonymousKey)], cancellationToken).ConfigureAwait(false);
        }

        deleted += await IdentityLinks.DeleteRowsAsync(_table.Client, userPartition, reverse.Select(static r => r.RowKey).ToList(), cancellationToken).ConfigureAwait(false);

        // The id may also be an anonymous id that was never linked.
        var ownAnonymousKey = TableKeys.Customer(customerId, anonymous: true);
        if (!reverse.Any(r => r.AnonymousId == customerId))
        {
            deleted += await EraseKeyAsync(ownAnonymousKey, cancellationToken).ConfigureAwait(false);
        }

        _logger.CustomerErased(deleted);
        return deleted;
    }

    private static void AddOnce(List<string> ids, string id)
    {
        if (!ids.Contains(id, StringComparer.Ordinal))
        {
            ids.Add(id);
        }
    }

    private async Task<IReadOnlyList<JourneyRecord>> ReadJourneysAsync(string key, CancellationToken cancellationToken)
    {
        var partition = _table.PartitionOf(key);
        var reads = _funnels.Funnels.Select(f => _table.Client.GetEntityIfExistsAsync<TableEntity>(partition, TableKeys.JourneyRow(f.Id, key), cancellationToken: cancellationToken)).ToList();
        var journeys = new List<JourneyRecord>();
        foreach (var read in reads)
        {
            var response = await read.ConfigureAwait(false);
            if (response.HasValue)
            {
                journeys.Add(JourneyEntity.FromEntity(response.Value!).Record);
            }
        }

        return journeys;
    }

    // Journeys and timeline of one key, all in its partition, in rounds until a round finds nothing: a write that
    // commits between a round's listing and its deletes (a timeline row and its journey's update, in one transaction)
    // is found by the next round, so no timeline row outlives its journey and no journey keeps a deleted row's count.
    // Writes after the last round are a new history, whole.
    private async Task<int> EraseKeyAsync(string key, CancellationToken cancellationToken)
    {
        var deleted = 0;
        for (var round = 1; ; round++)
        {
            var (found, erased) = await EraseKeyOnceAsync(key, cancellationToken).ConfigureAwait(false);
            deleted += erased;
            if (found == 0)
            {
                return deleted;
            }

            if (round == MaxEraseRounds)
            {
                throw new InvalidOperationException($"A customer's rows were still being written after {MaxEraseRounds} erase rounds; erase again once the writes stop.");
            }
        }
    }

    private async Task<(int Found, int Deleted)> EraseKeyOnceAsync(string key, CancellationToken cancellationToken)
    {
        // Evicted first and again at the end, so a write racing the erase cannot leave the erased record cached.
        _cache?.RemoveCustomer(key, _funnels);
        var partition = _table.PartitionOf(key);
        var rowKeys = new List<string>();
        var filter = TableKeys.TimelineFilter(partition, key);
        await foreach (var row in _table.Client.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rowKeys.Add(row.RowKey);
        }

        foreach (var funnel in _funnels.Funnels)
        {
            var rowKey = TableKeys.JourneyRow(funnel.Id, key);
            if ((await _table.Client.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue)
            {
                rowKeys.Add(rowKey);
            }
        }

        var deleted = rowKeys.Count == 0 ? 0 : await IdentityLinks.DeleteRowsAsync(_table.Client, partition, rowKeys, cancellationToken).ConfigureAwait(false);
        _cache?.RemoveCustomer(key, _funnels);
        return (rowKeys.Count, deleted);
    }
}
